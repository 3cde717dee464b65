import os

from flask import Flask, abort, request, send_file
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/files")
def read_file():
    path = os.path.join(UPLOADS, secure_filename(request.args["name"]))
    # ok: vigil.sast.python.path-traversal
    with open(path) as f:
        return f.read()


@app.route("/download/<name>")
def download(name):
    full = os.path.realpath(os.path.join(UPLOADS, name))
    if not full.startswith(UPLOADS + os.sep):
        abort(403)
    # ok: vigil.sast.python.path-traversal
    return send_file(full)
