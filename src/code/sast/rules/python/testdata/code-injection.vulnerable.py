import os

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("expr")
    # ruleid: vigil.sast.python.code-injection
    return str(eval(expr))


@app.post("/hook")
def hook():
    code = request.get_json()["code"]
    # ruleid: vigil.sast.python.code-injection
    exec(compile(code, "<hook>", "exec"))
    return "ok"
