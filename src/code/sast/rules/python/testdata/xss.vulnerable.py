from flask import Flask, make_response, render_template_string, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: vigil.sast.python.xss
    return make_response("<h1>Hello " + name + "</h1>")


@app.route("/page")
def page():
    # ruleid: vigil.sast.python.xss
    return render_template_string("<p>%s</p>" % request.args["msg"])
