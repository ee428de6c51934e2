"""Ways to make a socket call block, for the signal and thread tests."""
import select


def fill_send_buffer(s):
    """Make s's send buffer full: the next blocking send blocks."""
    s.setblocking(False)
    chunk = b"x" * 65536
    try:
        while True:
            s.send(chunk)
    except BlockingIOError:
        pass
    try:  # the kernel may take a smaller piece
        while True:
            s.send(b"x")
    except BlockingIOError:
        pass


def unreachable_listener(mod, keep):
    """A listener whose accept queue is full, and its address: a further
    connect() then waits (the kernel drops its SYNs). Every socket made is
    appended to the list keep, for the caller to close."""
    hold = keep.append
    srv = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
    hold(srv)
    srv.bind(("127.0.0.1", 0))
    srv.listen(0)
    addr = srv.getsockname()
    for _ in range(16):
        c = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
        hold(c)
        c.setblocking(False)
        c.connect_ex(addr)
        _, w, _ = select.select([], [c], [], 0.3)
        if not w:
            return srv, addr
    raise AssertionError("could not fill the accept queue")


