"""lm-eval minerva_math's answer check: two normalised LaTeX answers are equal when sympy parses both
and simplifies their difference to 0, within 5 seconds; anything that fails along the way is "not equal".

sympy's LaTeX parser is ANTLR-generated and only runs on the ANTLR runtime it was generated for, so the
JVM regenerates it from the installed sympy's LaTeX.g4 for the installed runtime (argv[1] holds the two
modules). They are put where sympy looks for its own before sympy's LaTeX module is imported, and the
parse below is sympy's parse_latex without its pip version check.

Protocol: one JSON object {"a": ..., "b": ...} per stdin line; one {"equal": true|false} per stdout line.
"""
import json
import signal
import sys

sys.path.insert(0, sys.argv[1])
import LaTeXLexer  # noqa: E402  (generated; see above)
import LaTeXParser  # noqa: E402

sys.modules["sympy.parsing.latex._antlr.latexlexer"] = LaTeXLexer
sys.modules["sympy.parsing.latex._antlr.latexparser"] = LaTeXParser

import antlr4  # noqa: E402
import sympy  # noqa: E402
from sympy.parsing.latex import _parse_latex_antlr as latex  # noqa: E402
from sympy.parsing.latex.errors import LaTeXParsingError  # noqa: E402

SECONDS = 5


def parse(text):
    errors = latex.MathErrorListener(text)
    lexer = LaTeXLexer.LaTeXLexer(antlr4.InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(errors)
    parser = LaTeXParser.LaTeXParser(antlr4.CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    return latex.convert_relation(parser.math().relation())


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def equal(a, b):
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(SECONDS)
    try:
        try:
            difference = parse(a) - parse(b)
        except (LaTeXParsingError, sympy.SympifyError, TypeError):
            return False
        return sympy.simplify(difference) == 0
    except Exception:  # Timeout, ValueError from simplify, anything else: not shown equal
        return False
    finally:
        signal.alarm(0)


print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    print(json.dumps({"equal": bool(equal(request["a"], request["b"]))}), flush=True)
