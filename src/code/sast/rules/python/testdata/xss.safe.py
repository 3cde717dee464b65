from flask import Flask, make_response, render_template, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ok: vigil.sast.python.xss
    return make_response("<h1>Hello " + escape(name) + "</h1>")


@app.route("/page")
def page():
    # ok: vigil.sast.python.xss
    return render_template("page.html", msg=request.args["msg"])
