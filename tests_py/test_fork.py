"""fork() without exec: gosock keeps working in the child, in every pattern.

The child of a process with a Go runtime must not use the inherited runtime
(its threads are gone); libgosock's dispatch switches the child to a fresh
copy of the library. Each child here does real socket work and forces a Go
collection, and must end within a time limit: a hang is a failure."""
import os
import subprocess
import sys
import textwrap
import threading
import unittest

from tests_py import forking
from tests_py.forking import OK, fork_child, socket_work, wait_child
from tests_py.support import gosock, open_fds

# Where the gosock under test comes from (the source tree or an installed
# wheel), and the directory holding tests_py, for scripts run apart.
PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(gosock.__file__)))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ForkTest(unittest.TestCase):
    def setUp(self):
        socket_work()  # the parent's runtime is up and in use
        self.fds = open_fds()

    def tearDown(self):
        socket_work()  # and still works after the forks
        leaked = {}
        for fd in open_fds() - self.fds:
            try:
                leaked[fd] = os.readlink("/proc/self/fd/" + fd)
            except OSError:
                pass  # the descriptor listing /proc/self/fd used
        self.assertEqual(leaked, {})

    def assert_children_ok(self, pids):
        codes = [wait_child(pid) for pid in pids]
        self.assertEqual(codes, [OK] * len(pids))

    def test_fork_from_main_thread(self):
        self.assert_children_ok([fork_child(socket_work) for _ in range(5)])

    def test_child_uses_fresh_copy_lazily(self):
        def child():
            assert not forking.uses_fresh_copy(), "loaded before the first call"
            n_parent_gcs = gosock._ffi.debug_gc()
            assert forking.uses_fresh_copy(), "no fresh copy after a call"
            # A fresh runtime has run only the collections of this child.
            assert n_parent_gcs <= 2, n_parent_gcs
            socket_work()
        for _ in range(5):
            gosock._ffi.debug_gc()  # the parent's count is now > 2
        self.assertGreater(gosock._ffi.debug_gc(), 2)
        self.assert_children_ok([fork_child(child)])

    def test_parent_socket_used_in_child(self):
        """A socket made before the fork works in both processes."""
        a, b = gosock.socketpair()
        try:
            def child():
                a.sendall(b"from child")
                assert a.recv(100) == b"from parent"
            pid = fork_child(child)
            self.assertEqual(b.recv(100), b"from child")
            b.sendall(b"from parent")
            self.assertEqual(wait_child(pid), OK)
        finally:
            a.close()
            b.close()

    def test_fork_from_thread_while_main_blocked(self):
        """The socketserver.ForkingMixIn pattern: a thread forks while the
        main thread is blocked in gosock accept."""
        def work():
            return [wait_child(fork_child(socket_work)) for _ in range(5)]
        self.assertEqual(forking.BlockedMain(work).run(), [OK] * 5)

    def test_fork_while_threads_busy_in_gosock(self):
        busy = forking.Busy(3)
        try:
            codes = [wait_child(fork_child(socket_work)) for _ in range(10)]
        finally:
            errors = busy.close()
        self.assertEqual(codes, [OK] * 10)
        self.assertEqual(errors, [])
        self.assertGreater(busy.rounds, 0)

    def test_child_with_threads(self):
        """The child starts threads that all make their first gosock call
        at the same time: one fresh copy, loaded once, serves them all."""
        def child():
            errors = []
            barrier = threading.Barrier(8)

            def run():
                try:
                    barrier.wait()
                    socket_work()
                except BaseException as e:  # noqa: BLE001
                    errors.append(e)
            threads = [threading.Thread(target=run) for _ in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert not errors, errors
            with open("/proc/self/maps") as f:
                copies = {line.split()[5] for line in f if "memfd:libgosock-child" in line}
            assert len(copies) == 1, copies
        self.assert_children_ok([fork_child(child) for _ in range(3)])

    def test_nested_forks(self):
        """A chain of descendants, each working and forking the next."""
        self.assert_children_ok([fork_child(lambda: forking.nested(6, socket_work))])

    def test_each_generation_loads_its_own_copy(self):
        """A grandchild must not reuse its parent's copy (whose runtime lost
        its threads in the fork): each generation maps one more copy."""
        def level(depth):
            n = len(forking.fresh_copies())
            socket_work()
            assert len(forking.fresh_copies()) == n + 1, (n, forking.fresh_copies())
            if depth:
                code = wait_child(fork_child(lambda: level(depth - 1)))
                assert code == OK, code
        self.assert_children_ok([fork_child(lambda: level(5))])

    def test_fork_while_child_loads_its_copy(self):
        """A child forks while its own thread is making the child's first
        gosock call (loading its copy): the grandchild loads another."""
        def child():
            t = threading.Thread(target=socket_work)
            t.start()
            code = wait_child(fork_child(socket_work))
            t.join()
            assert code == OK, code
        self.assert_children_ok([fork_child(child) for _ in range(20)])

    def test_fork_tree(self):
        """Each child forks two grandchildren while it has threads of its
        own in gosock."""
        def child():
            busy = forking.Busy(1)
            try:
                codes = [wait_child(fork_child(socket_work)) for _ in range(2)]
            finally:
                assert busy.close() == []
            assert codes == [OK, OK], codes
            socket_work()
        self.assert_children_ok([fork_child(child) for _ in range(3)])

    def test_child_forked_during_parent_blocking_call_in_other_thread(self):
        """The forking thread itself was blocked in gosock just before."""
        a, b = gosock.socketpair()
        try:
            def work():
                b.send(b"x")  # releases a thread blocked in a.recv
                return wait_child(fork_child(socket_work))
            t = threading.Thread(target=lambda: a.recv(1))
            t.start()
            self.assertEqual(forking.BlockedMain(work).run(), OK)
            t.join()
        finally:
            a.close()
            b.close()


def library_fds():
    """Descriptors this process holds open on the libgosock file (the
    dispatch keeps one, to load copies from in forked children)."""
    lib = os.path.realpath(gosock.library_path)
    fds = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink("/proc/self/fd/" + fd)
        except OSError:
            continue
        if target == lib or target == lib + " (deleted)":
            fds.append(int(fd))
    return fds


class ForkFailureTest(unittest.TestCase):
    """What a child does when it cannot load its copy: an error, never a
    hang or a crash, and it recovers when the cause goes away."""

    def test_out_of_descriptors_then_recovers(self):
        import resource

        def child():
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            in_use = max(int(fd) for fd in os.listdir("/proc/self/fd"))
            resource.setrlimit(resource.RLIMIT_NOFILE, (in_use + 1, hard))
            fillers = []
            try:
                while True:  # take every free descriptor number
                    fillers.append(os.open("/dev/null", os.O_RDONLY))
            except OSError:
                pass
            for _ in range(3):
                try:
                    gosock.socketpair()
                except OSError as e:
                    assert "could not load its copy" in str(e), e
                else:
                    raise AssertionError("no error without descriptors")
            for fd in fillers:
                os.close(fd)
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
            socket_work()
        self.assertEqual(wait_child(fork_child(child)), OK)

    def test_kept_descriptor_closed(self):
        """A child whose program closed every descriptor (as daemons do)
        loads its copy from the library's path instead."""
        self.assertEqual(len(library_fds()), 1)

        def child():
            for fd in library_fds():
                os.close(fd)
            socket_work()
            code = wait_child(fork_child(socket_work))
            assert code == OK, code
        self.assertEqual(wait_child(fork_child(child)), OK)

    def test_library_file_replaced(self):
        """The library file is replaced after the process loaded it (an
        upgrade or a rebuild): children still load the code the process
        runs. If the old file is gone too, they get an error."""
        import shutil
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            lib = os.path.join(tmp, "libgosock.so")
            shutil.copy(gosock.library_path, lib)
            script = textwrap.dedent("""\
                import os, sys
                sys.path[:0] = [%r, %r]
                import gosock
                from tests_py.forking import OK, fork_child, socket_work, wait_child
                from tests_py.test_fork import library_fds
                lib = os.environ["GOSOCK_LIBRARY"]
                with open(lib + ".new", "wb") as f:
                    f.write(b"not a library")
                os.rename(lib + ".new", lib)
                assert wait_child(fork_child(socket_work)) == OK
                for fd in library_fds():
                    os.close(fd)

                def child():
                    try:
                        gosock.socketpair()
                    except OSError as e:
                        assert "could not load its copy" in str(e), e
                    else:
                        raise AssertionError("loaded a file that is not a library")
                assert wait_child(fork_child(child)) == OK
                socket_work()  # the parent is unaffected
                print("ok")
            """) % (PYTHON_DIR, ROOT)
            env = dict(os.environ, GOSOCK_LIBRARY=lib)
            r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               timeout=120, env=env)
            self.assertEqual((r.returncode, r.stdout.strip()), (0, "ok"), r.stderr)


class MultiprocessingTest(unittest.TestCase):
    """multiprocessing's fork context with gosock as the socket module, in
    a separate interpreter (gosock.install() must come first)."""

    def run_script(self, body):
        script = textwrap.dedent("""\
            import sys
            sys.path[:0] = [%r, %r]
            import gosock
            gosock.install()
            import multiprocessing
            import multiprocessing.connection
            import socket
            assert socket is gosock
            from tests_py.forking import socket_work
        """) % (PYTHON_DIR, ROOT) + textwrap.dedent(body)
        r = subprocess.run([sys.executable, "-X", "dev", "-c", script], capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_pipe_and_pool(self):
        out = self.run_script("""
            ctx = multiprocessing.get_context("fork")

            def work(conn):
                socket_work()
                conn.send(("done", gosock._ffi.debug_gc()))
                conn.close()

            def square(x):
                socket_work()
                return x * x

            if __name__ == "__main__":
                socket_work()
                parent, child = ctx.Pipe(duplex=True)  # a gosock socketpair
                procs = [ctx.Process(target=work, args=(child,)) for _ in range(4)]
                for p in procs:
                    p.start()
                got = [parent.recv() for _ in procs]
                for p in procs:
                    p.join(60)
                    assert p.exitcode == 0, p.exitcode
                assert all(tag == "done" and n >= 1 for tag, n in got), got
                with ctx.Pool(3) as pool:
                    assert pool.map(square, range(12)) == [x * x for x in range(12)]
                socket_work()
                print("ok")
        """)
        self.assertEqual(out.strip(), "ok")

    def test_forking_tcp_server(self):
        """socketserver.ForkingTCPServer serving from a thread: each request
        is handled in a child forked from that thread, while the main
        thread is blocked in gosock calls of its own."""
        out = self.run_script("""
            import socketserver
            import threading

            class Echo(socketserver.StreamRequestHandler):
                def handle(self):
                    line = self.rfile.readline()
                    socket_work()
                    self.wfile.write(b"echo " + line)

            if __name__ == "__main__":
                with socketserver.ForkingTCPServer(("127.0.0.1", 0), Echo) as srv:
                    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
                    t.start()
                    try:
                        for i in range(20):
                            with socket.create_connection(srv.server_address, timeout=30) as c:
                                c.sendall(b"%d\\n" % i)
                                f = c.makefile("rb")
                                assert f.readline() == b"echo %d\\n" % i
                                f.close()
                    finally:
                        srv.shutdown()
                        t.join()
                print("ok")
        """)
        self.assertEqual(out.strip(), "ok")

    def test_listener_client(self):
        """multiprocessing.connection over TCP: Listener and Client use the
        socket module (gosock) on both sides of the fork."""
        out = self.run_script("""
            ctx = multiprocessing.get_context("fork")

            def client(address):
                with multiprocessing.connection.Client(address, authkey=b"k") as c:
                    c.send(c.recv() * 2)

            if __name__ == "__main__":
                with multiprocessing.connection.Listener(("127.0.0.1", 0), authkey=b"k") as l:
                    ps = [ctx.Process(target=client, args=(l.address,)) for _ in range(3)]
                    for p in ps:
                        p.start()
                    for i in range(3):
                        with l.accept() as c:
                            c.send(i)
                            assert c.recv() == 2 * i
                    for p in ps:
                        p.join(60)
                        assert p.exitcode == 0
                print("ok")
        """)
        self.assertEqual(out.strip(), "ok")


if __name__ == "__main__":
    unittest.main()
