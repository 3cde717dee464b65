import os
import shlex
import subprocess

from flask import Flask, abort, request

app = Flask(__name__)
HOSTS = {"example.com", "example.org"}


@app.route("/ping")
def ping():
    host = request.args.get("host")
    # ok: vigil.sast.python.command-injection
    subprocess.run(["ping", "-c", "1", host], check=True)
    return "ok"


@app.route("/ping2")
def ping2():
    host = request.args.get("host")
    if host not in HOSTS:
        abort(400)
    # ok: vigil.sast.python.command-injection
    os.system("ping -c 1 " + host)
    return "ok"


@app.route("/compress")
def compress():
    path = shlex.quote(request.args["path"])
    # ok: vigil.sast.python.command-injection
    return subprocess.check_output(f"gzip -k {path}", shell=True)


@app.route("/count")
def count():
    n = int(request.args["n"])
    # ok: vigil.sast.python.command-injection
    os.system("seq %d" % n)
    return "ok"
