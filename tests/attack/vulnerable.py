# The attack harness's positive control: a server with one deliberately injectable parameter
# (GET /item?id=, concatenated into SQLite SQL). scripts/sqlmap.sh checks that sqlmap reports it
# before trusting a clean report on coprog. Listens on 127.0.0.1 only. Usage: vulnerable.py PORT
import sqlite3
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

db = sqlite3.connect(":memory:", check_same_thread=False)
db.executescript("CREATE TABLE item (id INTEGER, name TEXT); INSERT INTO item VALUES (1, 'uno'), (2, 'due');")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        q = parse_qs(urlparse(self.path).query).get("id", ["1"])[0]
        try:
            rows = db.execute("SELECT name FROM item WHERE id = " + q).fetchall()  # the flaw, on purpose
            body, status = "".join(f"<p>{r[0]}</p>" for r in rows).encode(), 200
        except sqlite3.Error as e:
            body, status = str(e).encode(), 500
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
