import ast
import json

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("expr")
    # ok: vigil.sast.python.code-injection
    return str(ast.literal_eval(expr))


@app.post("/hook")
def hook():
    data = json.loads(request.data)
    # ok: vigil.sast.python.code-injection
    return str(eval("1 + 1") + data["n"])
