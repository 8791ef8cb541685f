"""An OTLP/HTTP metrics receiver for OTLPExportTests: decodes each POST /v1/metrics as the real
ExportMetricsServiceRequest (opentelemetry-proto from PyPI) and appends one JSON line per data point to the
file named first on the command line: {"name", "kind", "attributes", "value", "service"}. Once it listens, it writes
its port to the file named second (renamed into place, so a reader never sees half of it)."""
import http.server
import json
import os
import signal
import sys

# The test runner blocks signals in the thread that spawns us; take SIGTERM back so a plain kill ends us.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2

OUT = sys.argv[1]


def value(point):
    return point.as_double if point.HasField("as_double") else point.as_int


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path != "/v1/metrics" or self.headers.get("Content-Type") != "application/x-protobuf":
            self.send_response(415)
            self.end_headers()
            return
        request = metrics_service_pb2.ExportMetricsServiceRequest()
        request.ParseFromString(body)
        lines = []
        for resource in request.resource_metrics:
            service = {a.key: a.value.string_value for a in resource.resource.attributes}.get("service.name")
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    kind = metric.WhichOneof("data")
                    points = getattr(metric, kind).data_points if kind in ("gauge", "sum") else []
                    for point in points:
                        attributes = {a.key: a.value.string_value for a in point.attributes}
                        lines.append({"name": metric.name, "kind": kind, "attributes": attributes,
                                      "value": value(point), "service": service,
                                      "monotonic": getattr(metric, kind).is_monotonic if kind == "sum" else None})
                    if kind == "histogram":
                        for point in metric.histogram.data_points:
                            lines.append({"name": metric.name, "kind": kind, "value": point.count,
                                          "attributes": {}, "service": service})
        with open(OUT, "a") as handle:
            for line in lines:
                handle.write(json.dumps(line) + "\n")
        response = metrics_service_pb2.ExportMetricsServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(response)))
        self.end_headers()
        self.wfile.write(response)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
with open(sys.argv[2] + ".tmp", "w") as handle:
    handle.write(str(server.server_address[1]))
os.replace(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()
