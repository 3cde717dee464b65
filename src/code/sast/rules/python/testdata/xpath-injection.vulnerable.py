from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("users.xml")


@app.route("/user")
def user():
    name = request.args["name"]
    # ruleid: vigil.sast.python.xpath-injection
    nodes = TREE.xpath("//user[@name='" + name + "']")
    return str(len(nodes))
