import ldap
from flask import Flask, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)


@app.route("/people")
def people(conn):
    user = escape_filter_chars(request.args["user"])
    # ok: vigil.sast.python.ldap-injection
    return str(conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + user + ")"))
