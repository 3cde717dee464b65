from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/login")
def login():
    target = request.args.get("next", "/")
    # ruleid: vigil.sast.python.open-redirect
    return redirect(target)
