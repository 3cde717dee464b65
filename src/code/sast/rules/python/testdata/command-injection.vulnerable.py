import os
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host")
    # ruleid: vigil.sast.python.command-injection
    os.system("ping -c 1 %s" % host)
    return "ok"


def compress(path):
    cmd = f"gzip -k {path}"
    # ruleid: vigil.sast.python.command-injection
    return subprocess.check_output(cmd, shell=True)


@app.post("/compress")
def compress_upload():
    return compress(request.form["path"])


@app.route("/logs/<name>")
def logs(name):
    # ruleid: vigil.sast.python.command-injection
    out = subprocess.run("tail -n 50 /var/log/{}".format(name), shell=True, capture_output=True)
    return out.stdout
