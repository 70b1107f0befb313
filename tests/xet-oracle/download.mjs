// Downloads one file with @huggingface/hub's own public downloadFile({hubUrl}), as any JS user would:
//   node download.mjs --hub URL --repo ORG/NAME --path PATH --out FILE [--type model|dataset] [--revision REV]
//                       [--token HUB_TOKEN] [--xet false] [--serial] [--slice START:END]
// --slice reads bytes [START, END) only (the library's XetBlob.slice: a ranged reconstruction).
// It takes the Xet path when /resolve/ answers the Xet file-info headers (protocol doc §1), else the plain one.
// Prints one JSON line: {"bytes": N, "ms": T, "xet": true|false}. Exit 0 ok, 1 the download failed, 2 bad usage.
import { createWriteStream } from "node:fs";
import { Writable } from "node:stream";
import { downloadFile, fileDownloadInfo } from "@huggingface/hub";

const args = new Map();
for (let i = 2; i < process.argv.length; i++) {
	const name = process.argv[i];
	if (!name.startsWith("--")) {
		process.stderr.write(`xet-oracle download: unexpected ${name}\n`);
		process.exit(2);
	}
	const flag = name === "--serial";
	args.set(name.slice(2), flag ? "true" : (process.argv[++i] ?? ""));
}
for (const required of ["hub", "repo", "path", "out"]) {
	if (!args.get(required)) {
		process.stderr.write(`xet-oracle download: --${required} is required\n`);
		process.exit(2);
	}
}

const params = {
	repo: { type: args.get("type") ?? "model", name: args.get("repo") },
	path: args.get("path"),
	revision: args.get("revision"),
	hubUrl: args.get("hub"),
	accessToken: args.get("token"),
};
const started = performance.now();
try {
	const info = await fileDownloadInfo(params);
	const blob = await downloadFile({
		...params,
		downloadInfo: info ?? undefined,
		xet: args.get("xet") !== "false",
		parallelDownloads: args.get("serial") !== "true",
	});
	if (!blob) {
		throw new Error(`${params.path} does not exist`);
	}
	const slice = args.get("slice")?.split(":").map(Number);
	const part = slice ? blob.slice(slice[0], slice[1]) : blob;
	const out = createWriteStream(args.get("out"));
	await part.stream().pipeTo(Writable.toWeb(out));
	process.stdout.write(
		JSON.stringify({ bytes: part.size, ms: Math.round(performance.now() - started), xet: Boolean(info?.xet) && args.get("xet") !== "false" }) + "\n",
	);
} catch (e) {
	process.stderr.write(`xet-oracle download: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
	process.exit(1);
}
