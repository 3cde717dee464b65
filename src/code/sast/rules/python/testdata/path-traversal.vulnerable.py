import os

from flask import Flask, request, send_file

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/files")
def read_file():
    path = os.path.join(UPLOADS, request.args["name"])
    # ruleid: vigil.sast.python.path-traversal
    with open(path) as f:
        return f.read()


@app.route("/download/<name>")
def download(name):
    # ruleid: vigil.sast.python.path-traversal
    return send_file(UPLOADS + "/" + name)
