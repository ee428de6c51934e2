"""python/gosock/__init__.pyi against gosock and the native socket module.

Every public name of gosock must be declared in the stub (with the enum type
for enum constants), every name the stub declares must exist in the native
module (or be one of gosock's own), and the signatures must be the native
module's: compared with inspect.signature where the native function has one,
and for C-level functions by asking the native function itself whether it
takes its parameters by keyword."""
import ast
import inspect
import socket as native
import types
import unittest
from pathlib import Path

from tests_py.support import gosock

STUB = Path(gosock.__file__).with_name("__init__.pyi")
GOSOCK_OWN = {"install", "library_path", "__version__"}
# Imported from enum by socket.py itself, not part of its API.
NOT_API = {"IntEnum", "IntFlag"}
_MISSING = object()


def _decorators(node):
    return {d.id if isinstance(d, ast.Name) else getattr(d, "attr", None)
            for d in node.decorator_list}


class Stub:
    """The stub's declarations: module names, classes with their members."""

    def __init__(self, path):
        self.tree = ast.parse(path.read_text(), str(path))
        self.names = {}      # name -> ast node
        self.functions = {}  # name -> [FunctionDef, ...] (overloads)
        self.classes = {}    # name -> (bases, {member: [nodes]})
        self.imports = set()
        for node in self.tree.body:
            self._top(node)

    def _top(self, node):
        if isinstance(node, ast.FunctionDef):
            self.functions.setdefault(node.name, []).append(node)
            self.names[node.name] = node
        elif isinstance(node, ast.ClassDef):
            members = {}
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    members.setdefault(item.name, []).append(item)
                elif isinstance(item, ast.AnnAssign):
                    members.setdefault(item.target.id, []).append(item)
                elif isinstance(item, ast.Assign):
                    for t in item.targets:
                        members.setdefault(t.id, []).append(item)
            bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
            self.classes[node.name] = (bases, members)
            self.names[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            self.names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                self.names[t.id] = node
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                # Only "import x as x" re-exports in a stub.
                if a.asname is not None and a.asname == a.name:
                    self.names[a.asname] = node

    def members(self, cls):
        """Members of a stub class, with those of its stub base classes."""
        bases, own = self.classes[cls]
        out = {}
        for b in bases:
            if b in self.classes:
                for k, v in self.members(b).items():
                    out.setdefault(k, v)
        out.update(own)
        return out

    def annotation(self, name):
        node = self.names[name]
        return ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else None


def stub_params(fn):
    """[(name, kind, has_default, default or _MISSING)] of a FunctionDef,
    without self."""
    a = fn.args
    out = []
    positional = [(p, inspect.Parameter.POSITIONAL_ONLY) for p in a.posonlyargs]
    positional += [(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in a.args]
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    for (p, kind), d in zip(positional, defaults):
        out.append((p.arg, kind, d))
    if a.vararg:
        out.append((a.vararg.arg, inspect.Parameter.VAR_POSITIONAL, None))
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        out.append((p.arg, inspect.Parameter.KEYWORD_ONLY, d))
    if a.kwarg:
        out.append((a.kwarg.arg, inspect.Parameter.VAR_KEYWORD, None))
    result = []
    for name, kind, d in out:
        if d is None:
            default = _MISSING
        elif isinstance(d, ast.Constant) and d.value is not Ellipsis:
            default = d.value
        elif isinstance(d, ast.UnaryOp) and isinstance(d.op, ast.USub):
            default = -d.operand.value
        else:
            default = Ellipsis  # "some default"
        result.append((name, kind, default))
    if result and result[0][0] == "self":
        result = result[1:]
    return result


def widest(overloads):
    return max((stub_params(f) for f in overloads), key=len)


def public_names(obj):
    return {n for n in dir(obj) if not n.startswith("_")}


class StubTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stub = Stub(STUB)

    def test_stub_is_shipped_with_py_typed(self):
        self.assertTrue(STUB.is_file())
        self.assertTrue(STUB.with_name("py.typed").is_file())

    def test_every_public_callable_of_gosock_is_declared(self):
        missing = []
        for name in sorted(public_names(gosock) - NOT_API):
            obj = getattr(gosock, name)
            if isinstance(obj, types.ModuleType):
                continue
            if callable(obj) and name not in self.stub.names:
                missing.append(name)
        self.assertEqual(missing, [], "declare these in python/gosock/__init__.pyi")

    def test_every_public_constant_of_gosock_is_declared_with_its_type(self):
        for name in sorted(public_names(gosock)):
            obj = getattr(gosock, name)
            if callable(obj) or isinstance(obj, types.ModuleType):
                continue
            with self.subTest(name=name):
                self.assertIn(name, self.stub.names)
                if isinstance(obj, bool):
                    self.assertEqual(self.stub.annotation(name), "bool")
                elif isinstance(obj, int):
                    want = type(obj).__name__ if isinstance(obj, (gosock.IntEnum, gosock.IntFlag)) else "int"
                    self.assertEqual(self.stub.annotation(name), want)
        for name in ("__version__", "library_path"):
            self.assertEqual(self.stub.annotation(name), "str")

    def test_enum_classes_list_the_native_members_and_values(self):
        for cls in ("AddressFamily", "SocketKind", "MsgFlag", "AddressInfo"):
            with self.subTest(cls=cls):
                _, members = self.stub.classes[cls]
                declared = {n: node[0].value.value for n, node in members.items()}
                want = {n: int(m) for n, m in getattr(native, cls).__members__.items()}
                self.assertEqual(declared, want)
                self.assertEqual(set(declared), set(getattr(gosock, cls).__members__))

    def test_every_public_method_of_gosock_classes_is_declared(self):
        for cls in ("socket", "SocketIO"):
            with self.subTest(cls=cls):
                declared = self.stub.members(cls)
                gcls = getattr(gosock, cls)
                for name in sorted(public_names(gcls)):
                    # SocketIO inherits io.RawIOBase: only what gosock defines counts.
                    if cls == "SocketIO" and name not in gcls.__dict__:
                        continue
                    self.assertIn(name, declared, "%s.%s" % (cls, name))

    def test_low_level_class_is_the_native_one(self):
        # SocketType is _socket.socket: exactly its public members.
        _, own = self.stub.classes["SocketType"]
        self.assertEqual({n for n in own if not n.startswith("_")}, public_names(native.SocketType))
        self.assertEqual(self.stub.classes["socket"][0], ["SocketType"])

    def test_declared_names_exist_in_the_native_module(self):
        allowed = public_names(native) | GOSOCK_OWN
        for name in self.stub.names:
            if name.startswith("_") and name not in GOSOCK_OWN:
                continue
            self.assertIn(name, allowed, "stub declares %s, which socket does not have" % name)
        for cls in ("socket", "SocketIO"):
            for name in self.stub.classes[cls][1]:
                if not name.startswith("_"):
                    self.assertTrue(hasattr(getattr(native, cls), name), "%s.%s" % (cls, name))

    def test_python_level_signatures_match_native(self):
        checked = 0
        for scope, stub_fns in self._stub_callables():
            for name, overloads in stub_fns.items():
                target = getattr(scope, name, None)
                sig = self._native_signature(target)
                if sig is None:
                    continue
                checked += 1
                with self.subTest(name="%s.%s" % (getattr(scope, "__name__", scope), name)):
                    params = list(sig.parameters.values())
                    if params and params[0].name == "self":
                        params = params[1:]
                    want = [(p.name, p.kind) for p in params]
                    got = [(n, k) for n, k, _ in widest(overloads)]
                    self.assertEqual(got, want)
                    for (n, _, d), p in zip(widest(overloads), params):
                        if p.default is inspect.Parameter.empty:
                            continue
                        if d is not Ellipsis:
                            self.assertEqual(d, p.default, "default of %s" % n)
        self.assertGreater(checked, 15)

    def test_c_level_functions_take_keywords_as_declared(self):
        """A C function without a signature tells by its TypeError whether
        it takes a parameter by keyword. Values are None so that nothing
        runs even if a keyword were accepted."""
        sock = native.socket()
        sock.setblocking(False)
        self.addCleanup(sock.close)
        checked = 0
        for scope, stub_fns in self._stub_callables():
            target_scope = sock if scope is native.SocketType else scope
            for name, overloads in stub_fns.items():
                fn = getattr(target_scope, name, None)
                if fn is None or self._native_signature(getattr(scope, name, None)) is not None:
                    continue
                if name.startswith("_"):
                    continue
                for pname, kind, _ in widest(overloads):
                    if kind not in (inspect.Parameter.POSITIONAL_ONLY,
                                    inspect.Parameter.POSITIONAL_OR_KEYWORD):
                        continue
                    checked += 1
                    with self.subTest(fn=name, param=pname):
                        try:
                            fn(**{pname: None})
                        except TypeError as e:
                            refused = "keyword" in str(e)
                        except Exception:  # noqa: BLE001 - got past argument parsing
                            refused = False
                        else:
                            refused = False
                        self.assertEqual(refused, kind == inspect.Parameter.POSITIONAL_ONLY,
                                         "%s: %s" % (name, pname))
        self.assertGreater(checked, 30)

    def _stub_callables(self):
        yield native, {n: f for n, f in self.stub.functions.items()
                       if n not in GOSOCK_OWN}
        for cls in ("SocketType", "socket", "SocketIO"):
            fns = {n: [x for x in v if isinstance(x, ast.FunctionDef)]
                   for n, v in self.stub.classes[cls][1].items()}
            fns = {n: v for n, v in fns.items() if v and not n.startswith("__")
                   and "property" not in _decorators(v[0])}
            if cls == "socket":
                fns["__init__"] = self.stub.classes[cls][1]["__init__"]
            yield getattr(native, cls), fns

    @staticmethod
    def _native_signature(obj):
        if obj is None:
            return None
        try:
            return inspect.signature(obj)
        except (TypeError, ValueError):
            return None


if __name__ == "__main__":
    unittest.main()
