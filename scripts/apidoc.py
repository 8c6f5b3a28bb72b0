#!/usr/bin/env python3
"""Generate tensr's API reference (docs/api/*.md) from the `///` comments in include/tensr/.

One Markdown page per header folder (core, ops, linalg, nn, io) lists, header by header, every
public name -- the functions, classes, concepts, aliases and variables declared in namespace
tensr or tensr::nn, not in a detail namespace -- with the `///` comment above it and its
declaration; a class also gets its public members. A `///` comment documents the declarations
that follow it up to the next blank line, so one comment may cover a group of overloads.

Usage:
    scripts/apidoc.py           write docs/api/
    scripts/apidoc.py --check   exit 1, naming file:line, if a public name has no `///`
                                comment or if docs/api/ differs from a fresh generation

The headers are read by a small scanner, not a compiler: it knows comments, strings,
preprocessor lines, the function-like macros a header defines for itself (expanded where a
header invokes them), TENSR_NAMESPACE_BEGIN/END, templates, requires-clauses and bodies.
Python 3 standard library only; the output depends only on the contents of include/.
"""

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
INCLUDE = ROOT / "include"
HEADERS = INCLUDE / "tensr"
OUT_DIR = ROOT / "docs" / "api"
FOLDERS = [
    ("core", "index types, shapes and strides, storage, Tensor and TensorView, views, "
             "creation, random numbers, printing, errors"),
    ("ops", "elementwise operations and operators, reductions, statistics, scans, softmax, "
            "joining"),
    ("linalg", "gemm, matmul and the dot family, tensordot, einsum"),
    ("nn", "layers, losses, optimizers and initialization (namespace tensr::nn)"),
    ("io", ".npy files"),
]
PUBLIC_NAMESPACES = {("tensr",), ("tensr", "nn")}

# ---------------------------------------------------------------------------------------------
# Scanning: comments, strings and preprocessor lines out, tokens with their line numbers
# ---------------------------------------------------------------------------------------------


class Token:
    __slots__ = ("text", "line", "col")

    def __init__(self, text, line, col=None):
        self.text = text
        self.line = line
        self.col = col  # column in the header's line; None for tokens a macro expanded

    def __repr__(self):
        return f"{self.text}@{self.line}"


TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>"(?:\\.|[^"\\])*")
  | (?P<char>'(?:\\.|[^'\\])*')
  | (?P<number>\.?\d(?:[\w.']|[eEpP][+-])*)
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<punct>::|->|\.\.\.|&&|\|\||\#\#|<=>|[<>=!+\-*/%&|^]=|\+\+|--|.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize(text, line, located=False):
    """Tokens of `text` (no comments in it), the first on line `line`; with `located`, text
    is one line of the header and each token keeps its column."""
    out = []
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind != "ws":
            out.append(Token(m.group(), line, m.start() if located else None))
        line += m.group().count("\n")
    return out


def strip_comments(text):
    """`text` with every comment replaced by spaces (newlines kept), and the `///` lines."""
    out = []
    docs = {}  # line number -> text of a /// comment that is the whole line
    i, n, line = 0, len(text), 1
    line_start = 0
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            line_start = i + 1
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            if text.startswith("///", i) and not text[line_start:i].strip():
                body = text[i + 3:j]
                docs[line] = body[1:] if body.startswith(" ") else body
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            chunk = text[i:j]
            # Blanked, keeping the line breaks and the backslashes that end a line (a comment
            # inside a macro's body does not end the macro).
            out.append(re.sub(r"\\(?=\n)|[^\n]", lambda m: m.group() if m.group() == "\\" else " ", chunk))
            line += chunk.count("\n")
            i = j
        elif c in "\"'":
            # A literal: copied as it is (a quote inside it does not start a comment).
            m = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'').match(text, i)
            if m and not (c == "'" and i > 0 and (text[i - 1].isalnum())):
                out.append(m.group())
                i = m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out), docs


class Macro:
    def __init__(self, params, body):
        self.params = params
        self.body = body  # tokens


def preprocess(path):
    """The tokens of a header, its function-like macros expanded, and its `///` lines."""
    raw = path.read_text(encoding="utf-8")
    text, docs = strip_comments(raw)
    lines = text.split("\n")
    macros = {}
    kept = []  # (line number, text) of the lines that are not preprocessor directives
    i = 0
    while i < len(lines):
        number = i + 1
        line = lines[i]
        if line.lstrip().startswith("#"):
            directive = line
            while directive.rstrip().endswith("\\") and i + 1 < len(lines):
                i += 1
                directive = directive.rstrip()[:-1] + " " + lines[i]
            m = re.match(r"\s*#\s*define\s+([A-Za-z_]\w*)\(([^)]*)\)(.*)", directive, re.DOTALL)
            if m:
                params = [p.strip() for p in m.group(2).split(",") if p.strip()]
                macros[m.group(1)] = Macro(params, tokenize(m.group(3), number))
            i += 1
            continue
        kept.append((number, line))
        i += 1
    tokens = []
    for number, line in kept:
        tokens.extend(tokenize(line, number, located=True))
    return expand(tokens, macros), docs, raw.split("\n"), lines


def expand(tokens, macros):
    """Expands the header's own function-like macros and TENSR_NAMESPACE_BEGIN/END; drops the
    other TENSR_* object-like macros (attributes such as TENSR_ALWAYS_INLINE)."""
    out = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text == "TENSR_NAMESPACE_BEGIN":
            out += [Token("namespace", t.line), Token("tensr", t.line), Token("{", t.line)]
        elif t.text == "TENSR_NAMESPACE_END":
            out.append(Token("}", t.line))
        elif t.text in macros and i + 1 < len(tokens) and tokens[i + 1].text == "(":
            args, i = macro_args(tokens, i + 1)
            out += substitute(macros[t.text], args, t.line, macros)
            continue
        elif re.fullmatch(r"TENSR_[A-Z0-9_]+", t.text):
            if i + 1 < len(tokens) and tokens[i + 1].text == "(":
                _, i = macro_args(tokens, i + 1)  # an unknown macro call: dropped whole
                continue
        else:
            out.append(t)
        i += 1
    return out


def macro_args(tokens, i):
    """Arguments of a macro call whose '(' is tokens[i]; returns them and the index after ')'."""
    depth, args, cur = 0, [], []
    i += 1
    while i < len(tokens):
        t = tokens[i]
        if t.text in "([{":
            depth += 1
        elif t.text in ")]}":
            if depth == 0:
                args.append(cur)
                return args, i + 1
            depth -= 1
        if t.text == "," and depth == 0:
            args.append(cur)
            cur = []
        else:
            cur.append(t)
        i += 1
    raise SystemExit("apidoc: unbalanced macro call")


def substitute(macro, args, line, macros):
    body = macro.body
    params = {p: (args[k] if k < len(args) else []) for k, p in enumerate(macro.params)}
    out = []
    k = 0
    while k < len(body):
        t = body[k]
        if t.text == "#" and k + 1 < len(body) and body[k + 1].text in params:
            text = " ".join(a.text for a in params[body[k + 1].text])
            out.append(Token('"' + text + '"', line))
            k += 2
            continue
        if t.text == "##" and out and k + 1 < len(body):
            nxt = body[k + 1]
            pasted = "".join(a.text for a in params.get(nxt.text, [nxt]))
            out[-1] = Token(out[-1].text + pasted, line)
            k += 2
            continue
        if t.text in params:
            out += [Token(a.text, line) for a in params[t.text]]
        else:
            out.append(Token(t.text, line))
        k += 1
    return expand(out, macros)


# ---------------------------------------------------------------------------------------------
# Parsing: declarations at namespace and class scope
# ---------------------------------------------------------------------------------------------


class Decl:
    def __init__(self, kind, name, signature, start, end, path, scope):
        self.kind = kind  # function, class, concept, alias, variable, enum
        self.name = name
        self.signature = signature
        self.start = start
        self.end = end
        self.path = path  # namespace path, a tuple
        self.scope = scope  # the class name for members, else None
        self.doc = []
        self.covered = False  # documented by the comment of the block it follows
        self.members = []
        self.public = True


KEYWORDS_TYPE = {"class", "struct", "union", "enum"}


def join_tokens(tokens):
    """Declaration text from tokens (for what a macro expanded, which has no text of its own
    in the header), spaced as the headers write it."""
    out = ""
    prev = ""
    in_operator = False  # inside an operator's name, up to its parameter list
    for t in tokens:
        x = t.text
        if not out:
            out, prev = x, x
            in_operator = x == "operator"
            continue
        space = True
        if in_operator:
            space = prev == "," or (bool(re.match(r"\w", prev)) and bool(re.match(r"\w", x)))
            if x == "(" and prev != "operator":
                in_operator = False
        elif x in (",", ";", ")", "]", "...", "::", ".", ">"):
            space = False
        elif prev in ("(", "[", "::", "~", "!", ".", "<"):
            space = False
        elif x in ("(", "[") and re.match(r"[\w)\]>]", prev[-1]):
            space = False
        elif x == "<" and re.match(r"\w", prev[-1]) and prev != "template":
            space = False
        elif x in ("&", "&&", "*") and re.match(r"[\w>]", prev[-1]):
            space = False
        if x == "operator":
            in_operator = True
        out += (" " if space else "") + x
        prev = x
    return out


def skip_group(tokens, i, open_, close):
    """Index after the group that opens at tokens[i] (which is `open_`)."""
    depth = 0
    while i < len(tokens):
        t = tokens[i].text
        if t == open_:
            depth += 1
        elif t == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise SystemExit(f"apidoc: unbalanced {open_}{close} from line {tokens[min(i, len(tokens)) - 1].line}")


def skip_angles(tokens, i):
    """Index after a template argument list opening at tokens[i] ('<'); parentheses inside
    may hold comparisons."""
    depth = 0
    while i < len(tokens):
        t = tokens[i].text
        if t in "([{":
            i = skip_group(tokens, i, t, {"(": ")", "[": "]", "{": "}"}[t])
            continue
        if t == "<":
            depth += 1
        elif t == ">":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise SystemExit("apidoc: unbalanced template argument list")


def strip_prefix(head):
    """The head of a declaration without its template<...> and requires-clauses, and
    without attributes and specifiers that do not name anything."""
    i = 0
    while i < len(head):
        t = head[i].text
        if t == "template" and i + 1 < len(head) and head[i + 1].text == "<":
            i = skip_angles(head, i + 1)
        elif t == "requires":
            i += 1
            while i < len(head):
                if head[i].text == "(":
                    i = skip_group(head, i, "(", ")")
                else:
                    while i < len(head) and (re.match(r"\w", head[i].text) or head[i].text in ("::", "!")):
                        i += 1
                    if i < len(head) and head[i].text == "<":
                        i = skip_angles(head, i)
                if i < len(head) and head[i].text in ("&&", "||"):
                    i += 1
                    continue
                break
        elif t == "[" and i + 1 < len(head) and head[i + 1].text == "[":
            i = skip_group(head, i, "[", "]")
        else:
            break
    return head[i:]


def function_name(rest):
    """Name of a function declaration from its head without templates; None if not one."""
    i = 0
    skip_calls = {"decltype", "noexcept", "alignas", "explicit", "__attribute__"}
    while i < len(rest):
        t = rest[i].text
        if t == "=":
            return None
        if t == "operator":
            j = i + 1
            if j < len(rest) and rest[j].text == "(":
                j += 2  # operator()
            while j < len(rest) and rest[j].text != "(":
                if rest[j].text == "<" and re.match(r"\w", rest[j - 1].text) and rest[j - 1].text != "operator":
                    j = skip_angles(rest, j)
                    continue
                j += 1
            return join_tokens(rest[i:j])
        if t in skip_calls and i + 1 < len(rest) and rest[i + 1].text == "(":
            i = skip_group(rest, i + 1, "(", ")")
            continue
        if t == "<" and i > 0 and re.match(r"\w", rest[i - 1].text):
            i = skip_angles(rest, i)
            continue
        if t == "(":
            if i == 0:
                return None
            name = rest[i - 1].text
            if i >= 2 and rest[i - 2].text == "~":
                name = "~" + name
            return name if re.match(r"~?[A-Za-z_]\w*$", name) else None
        i += 1
    return None


class Parser:
    def __init__(self, path, tokens, docs, raw_lines, code_lines):
        self.path = path
        self.tokens = tokens
        self.docs = docs
        self.raw = raw_lines
        self.code = code_lines  # the header's lines, comments blanked
        self.decls = []  # namespace-scope declarations, in order

    def parse(self):
        self.scope(0, (), None, None)
        return self.decls

    def scope(self, i, path, cls, out):
        """Parses declarations from tokens[i] to the '}' closing this scope; returns the index
        after it. cls: (name, access) for a class body, whose members go to `out`."""
        access = cls[1] if cls else None
        toks = self.tokens
        while i < len(toks):
            t = toks[i].text
            if t == "}":
                return i + 1
            if t == ";":
                i += 1
                continue
            if cls and t in ("public", "private", "protected") and i + 1 < len(toks) and toks[i + 1].text == ":":
                access = t
                i += 2
                continue
            i = self.declaration(i, path, cls, access, out)
        return i

    def declaration(self, i, path, cls, access, out):
        toks = self.tokens
        start = i
        head = []
        depth = 0
        init_list = False
        while i < len(toks):
            t = toks[i].text
            if t in "([":
                depth += 1
            elif t in ")]":
                depth -= 1
            elif depth == 0 and t == ";":
                self.record(head, start, i, path, cls, access, out, None)
                return i + 1
            elif depth == 0 and t == ":" and head and head[-1].text in (")", "noexcept", "const", "override", "final") and function_name(strip_prefix(head)):
                init_list = True
            elif depth == 0 and t == "{":
                if init_list and (re.match(r"\w", toks[i - 1].text) or toks[i - 1].text == ">"):
                    # a member initializer's braces
                    j = skip_group(toks, i, "{", "}")
                    head += toks[i:j]
                    i = j
                    continue
                return self.block(head, start, i, path, cls, access, out)
            head.append(toks[i])
            i += 1
        return i

    def block(self, head, start, i, path, cls, access, out):
        """A '{' at depth 0 after `head`: a namespace, a class, a function body or an
        initializer."""
        toks = self.tokens
        if head and head[0].text in ("namespace", "inline") and any(h.text == "namespace" for h in head[:2]):
            names = [h.text for h in head if re.match(r"\w", h.text) and h.text not in ("namespace", "inline")]
            inner = path + tuple(names if names else ["(anonymous)"])
            return self.scope(i + 1, inner, None, None)
        rest = strip_prefix(head)
        if rest and rest[0].text in KEYWORDS_TYPE and not (rest[0].text == "enum" and False):
            kind = "enum" if rest[0].text == "enum" else "class"
            names = [r for r in rest[1:] if re.match(r"[A-Za-z_]\w*$", r.text) and r.text not in ("class", "struct", "final", "alignas")]
            name = names[0].text if names else "(anonymous)"
            decl = Decl(kind, name, self.text_of(self.cut_signature(head)), toks[start].line, None, path, cls[0] if cls else None)
            if kind == "enum":
                end = skip_group(toks, i, "{", "}")
                decl.signature += " { " + self.text_of(toks[i + 1:end - 1]) + " }"
            else:
                default = "public" if rest[0].text in ("struct", "union") else "private"
                end = self.scope(i + 1, path + (name,), (name, default), decl.members)
            decl.end = toks[end - 1].line
            self.add(decl, access, out)
            # anything up to ';' (a variable of the class type) is ignored
            while end < len(toks) and toks[end].text != ";":
                end += 1
            return end + 1
        if function_name(rest) is not None and not self.is_variable(rest):
            end = skip_group(toks, i, "{", "}")
            self.record(head, start, end - 1, path, cls, access, out, "function")
            return end
        # an initializer in braces: a variable
        end = skip_group(toks, i, "{", "}")
        while end < len(toks) and toks[end].text != ";":
            end = skip_group(toks, end, "{", "}") if toks[end].text == "{" else end + 1
        self.record(head, start, end, path, cls, access, out, "variable")
        return end + 1

    @staticmethod
    def is_variable(rest):
        """An '=' or a brace before any parameter list: a variable (also one holding a
        lambda), not a function."""
        for r in rest:
            if r.text in ("operator", "("):
                return False
            if r.text in ("=", "{"):
                return True
        return False

    def text_of(self, tokens):
        """The header's own text of a run of tokens, spaces collapsed; tokens a macro expanded
        are joined instead."""
        if not tokens:
            return ""
        a, b = tokens[0], tokens[-1]
        if a.col is None or b.col is None or any(t.col is None for t in tokens):
            return join_tokens(tokens)
        if a.line == b.line:
            text = self.code[a.line - 1][a.col:b.col + len(b.text)]
        else:
            parts = [self.code[a.line - 1][a.col:]]
            parts += self.code[a.line:b.line - 1]
            parts.append(self.code[b.line - 1][:b.col + len(b.text)])
            text = "\n".join(parts)
        text = re.sub(r"\s+", " ", text).strip()
        text = re.sub(r"\( ", "(", text)
        return re.sub(r" \)", ")", text)

    def cut_signature(self, head):
        """The part of a head a reader needs: no member-initializer list."""
        depth = 0
        for k, h in enumerate(head):
            if h.text in "([":
                depth += 1
            elif h.text in ")]":
                depth -= 1
            elif h.text == ":" and depth == 0 and k > 0 and head[k - 1].text in (")", "noexcept", "const"):
                return head[:k]
        return head

    def record(self, head, start, end, path, cls, access, out, kind):
        if not head:
            return
        toks = self.tokens
        rest = strip_prefix(head)
        if not rest:
            return
        first = rest[0].text
        if first in ("static_assert", "friend", "using") and not (first == "using" and len(rest) > 2 and rest[2].text == "="):
            if first == "using" and cls and len(rest) > 2 and rest[1].text != "namespace":
                pass  # an inherited constructor or a using-declaration: shown with the class
            return
        if first in KEYWORDS_TYPE and kind is None:
            return  # a forward declaration
        name = None
        sig = self.cut_signature(head)
        if first == "using":
            kind, name = "alias", rest[1].text
        elif first == "concept" or (len(rest) > 1 and rest[0].text == "concept"):
            kind, name = "concept", rest[1].text
        elif kind == "function" or (kind is None and function_name(rest) is not None and not self.is_variable(rest)):
            kind, name = "function", function_name(rest)
        else:
            kind = "variable"
            cut = len(rest)
            for k, r in enumerate(rest):
                if r.text in ("=", "{"):
                    cut = k
                    break
            names = [r.text for r in rest[:cut] if re.match(r"[A-Za-z_]\w*$", r.text)]
            if not names:
                return
            name = names[-1]
            sig = head[: len(head) - len(rest) + cut]
        decl = Decl(kind, name, self.text_of(sig), toks[start].line, toks[min(end, len(toks) - 1)].line, path, cls[0] if cls else None)
        self.add(decl, access, out)

    def add(self, decl, access, out):
        decl.doc = self.doc_above(decl.start)
        if out is not None:
            decl.public = access == "public"
            out.append(decl)
        else:
            decl.public = tuple(decl.path) in PUBLIC_NAMESPACES
            self.decls.append(decl)

    def doc_above(self, line):
        doc = []
        k = line - 1
        while k in self.docs:
            doc.insert(0, self.docs[k])
            k -= 1
        return doc


def blank_between(raw, a, b):
    """True when a line strictly between lines a and b (1-based) is empty."""
    return any(not raw[k - 1].strip() for k in range(a + 1, b))


def analyse(path):
    tokens, docs, raw, code = preprocess(path)
    decls = Parser(path, tokens, docs, raw, code).parse()
    public = [d for d in decls if d.public]
    prev = None
    for d in public:
        if not d.doc and prev is not None and (prev.doc or prev.covered) and not blank_between(raw, prev.end, d.start):
            d.covered = True
        prev = d
    return public, raw


def header_summary(raw):
    lines = []
    for line in raw:
        if line.startswith("//"):
            lines.append(line[2:].strip())
        else:
            break
    return lines


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def groups(decls):
    """Consecutive declarations under one comment (or one name) form one entry."""
    out = []
    for d in decls:
        last = out[-1][-1] if out else None
        if last and (d.covered or d.start == last.start or (not d.doc and last.name == d.name)):
            out[-1].append(d)
        else:
            out.append([d])
    return out


def md_escape(text):
    return text.replace("|", "\\|")


def anchor(text):
    a = re.sub(r"[^\w\- ]", "", text.lower()).strip().replace(" ", "-")
    return a


def render_members(cls):
    lines = []
    for m in cls.members:
        if not m.public:
            continue
        for d in m.doc:
            lines.append("  /// " + d if d else "  ///")
        sig = m.signature
        if m.kind == "class":
            sig += " { ... }"
        lines.append("  " + sig + ";")
    return lines


def render_folder(folder, blurb, headers):
    out = [f"# tensr API: {folder}", ""]
    out.append(f"Generated by `scripts/apidoc.py` from the `///` comments in `include/tensr/{folder}/` "
               "-- do not edit; edit the headers and run the script again.")
    out.append("")
    out.append(f"{blurb[0].upper()}{blurb[1:]}. Everything is in namespace "
               f"`{'tensr::nn' if folder == 'nn' else 'tensr'}` and reached through "
               "`#include <tensr/tensr.hpp>`.")
    out.append("")
    for rel, decls, raw in headers:
        if decls:
            out.append(f"- [`{rel}`](#{anchor(rel)})")
    out.append("")
    for rel, decls, raw in headers:
        if not decls:
            continue
        out.append(f"## {rel}")
        out.append("")
        summary = header_summary(raw)
        if summary:
            out.append(" ".join(s for s in summary if s))
            out.append("")
        for group in groups(decls):
            names = []
            for d in group:
                label = d.name
                if label not in names:
                    names.append(label)
            kinds = {d.kind for d in group}
            kind = kinds.pop() if len(kinds) == 1 else "declarations"
            title = ", ".join(f"`{md_escape(n)}`" for n in names)
            out.append(f"### {title} ({kind})")
            out.append("")
            doc = next((d.doc for d in group if d.doc), [])
            if doc:
                out.append("\n".join(doc).strip())
                out.append("")
            out.append("```cpp")
            for d in group:
                sig = d.signature
                if d.kind == "class" and d.members:
                    out.append(sig + " {")
                    out.append(" public:")
                    out += render_members(d)
                    out.append("};")
                else:
                    out.append(sig + (" { ... };" if d.kind == "class" else ";"))
            out.append("```")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_index(pages):
    out = ["# tensr API reference", ""]
    out.append("Generated by `scripts/apidoc.py` from the headers' `///` comments -- do not edit. "
               "`python3 scripts/apidoc.py` regenerates it; `--check` (the `docs` stage of "
               "`scripts/test.sh`) fails when a public name has no comment or these pages are stale.")
    out.append("")
    out.append("| page | what |")
    out.append("|---|---|")
    for folder, blurb in FOLDERS:
        if folder in pages:
            out.append(f"| [{folder}]({folder}.md) | {blurb} |")
    return "\n".join(out) + "\n"


def generate():
    """{file name: text} for docs/api/, and the undocumented public names as 'file:line: ...'."""
    pages = {}
    problems = []
    for folder, blurb in FOLDERS:
        headers = []
        for path in sorted((HEADERS / folder).glob("*.hpp")):
            rel = path.relative_to(HEADERS).as_posix()
            decls, raw = analyse(path)
            for d in decls:
                if not d.doc and not d.covered:
                    problems.append(f"include/tensr/{rel}:{d.start}: public {d.kind} '{d.name}' "
                                    "has no /// comment")
            headers.append((rel, decls, raw))
        pages[folder] = render_folder(folder, blurb, headers)
    files = {f"{folder}.md": text for folder, text in pages.items()}
    files["README.md"] = render_index(pages)
    return files, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if a public name has no /// comment or docs/api/ is stale")
    args = parser.parse_args()
    files, problems = generate()
    if not args.check:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (OUT_DIR / name).write_text(text, encoding="utf-8")
        for old in OUT_DIR.glob("*.md"):
            if old.name not in files:
                old.unlink()
        print(f"wrote {len(files)} pages to {OUT_DIR.relative_to(ROOT)}/")
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    status = 0
    for p in problems:
        print(p)
        status = 1
    for name, text in files.items():
        path = OUT_DIR / name
        if not path.is_file():
            print(f"docs/api/{name}: missing (run scripts/apidoc.py)")
            status = 1
        elif path.read_text(encoding="utf-8") != text:
            print(f"docs/api/{name}: stale (run scripts/apidoc.py)")
            status = 1
    if OUT_DIR.is_dir():
        for path in sorted(OUT_DIR.glob("*.md")):
            if path.name not in files:
                print(f"docs/api/{path.name}: not generated by scripts/apidoc.py (remove it)")
                status = 1
    if status == 0:
        print(f"docs/api/ is up to date ({len(files)} pages), every public name has a /// comment")
    return status


if __name__ == "__main__":
    sys.exit(main())
