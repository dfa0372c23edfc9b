// Parses each Terraform file given with HashiCorp's HCL parser (@cdktf/hcl2json) and prints one JSON object mapping
// each file to its parsed body; exits 1, naming the file, when one does not parse.
import { readFileSync } from "node:fs";
import { parse } from "@cdktf/hcl2json";

const parsed = {};
for (const file of process.argv.slice(2)) {
  try {
    parsed[file] = await parse(file, readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`${file}: ${e.message ?? e}`);
    process.exit(1);
  }
}
console.log(JSON.stringify(parsed));
