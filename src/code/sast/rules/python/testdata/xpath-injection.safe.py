from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("users.xml")


@app.route("/user")
def user():
    name = request.args["name"]
    # ok: vigil.sast.python.xpath-injection
    nodes = TREE.xpath("//user[@name=$name]", name=name)
    return str(len(nodes))
