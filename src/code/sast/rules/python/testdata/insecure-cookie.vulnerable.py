from flask import Flask, make_response

app = Flask(__name__)


@app.route("/login")
def login():
    resp = make_response("ok")
    # ruleid: vigil.sast.python.insecure-cookie
    resp.set_cookie("session", new_session())
    # ruleid: vigil.sast.python.insecure-cookie
    resp.set_cookie("remember", "1", httponly=True)
    return resp
