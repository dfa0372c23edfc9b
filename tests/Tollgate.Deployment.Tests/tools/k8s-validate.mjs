// Validates every Kubernetes object in the YAML files given (multi-document) against the Kubernetes API schemas of
// kubernetes-models (and the Prometheus Operator's for ServiceMonitor). Prints one JSON line per object:
// {"file","apiVersion","kind","name","error"}; exits 1 when any object is invalid or of a kind it has no schema for.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const packages = { "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1" };
let failed = false;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) {
      failed = true;
      console.log(JSON.stringify({ file, error: document.errors.map(e => e.message).join("; ") }));
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    const { apiVersion, kind } = object;
    const line = { file, apiVersion, kind, name: object.metadata?.name, error: null };
    try {
      const module = await import(packages[apiVersion] ?? `kubernetes-models/${apiVersion}`);
      const Model = module[kind];
      if (typeof Model !== "function") throw new Error(`no schema for ${kind} in ${apiVersion}`);
      new Model(object).validate();
    } catch (e) {
      failed = true;
      line.error = e.message;
    }
    console.log(JSON.stringify(line));
  }
}
process.exit(failed ? 1 : 0);
