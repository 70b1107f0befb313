// Makes Xet fixtures with @huggingface/hub's own uploader code, never ours:
//   npx tsx make-fixtures.ts SPEC.json
// SPEC = {"out": DIR, "uploads": [{"name": "v1", "files": [{"id": "model-v1", "path": "/abs/input"}]}, ...]}
// Each upload is one run of the library's createXorbs (src/utils/createXorbs.ts) over its files, in order, as
// one `hf upload` would chunk, compress (none / LZ4 frame / byte-grouping-4 + LZ4, picked per chunk) and pack
// them into xorbs. Later uploads dedup against earlier ones the way the Hub's uploader does: createXorbs asks
// the CAS `GET /v1/chunks/default/{chunk hash}` for the file's first chunk and, when an earlier upload holds it,
// gets that upload's shard back and maps every chunk it already knows to (old xorb, index). Hashes are checked
// against xet-core's own Rust code compiled to wasm (src/vendor/xet-chunk): xorb hashes and file hashes.
// Writes DIR/manifest.json (see README.md) and DIR/xorbs/{hash} (each xorb's bytes, as uploaded: the chunk
// stream without the footer, which a download range never reaches). Exit 0 ok, 2 bad usage, 3 a check failed.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createXorbs } from "./node_modules/@huggingface/hub/src/utils/createXorbs.ts";
import { SHARD_MAGIC_TAG } from "./node_modules/@huggingface/hub/src/utils/uploadShards.ts";
import * as xetCoreModule from "./node_modules/@huggingface/hub/src/vendor/xet-chunk/chunker_wasm_bg.js";
import { wasmBinary, XET_CORE_COMMIT } from "./node_modules/@huggingface/hub/src/vendor/xet-chunk/chunker_wasm_bg.wasm.base64.ts";

interface Spec {
	out: string;
	uploads: Array<{ name: string; files: Array<{ id: string; path: string }> }>;
}

interface ChunkRef { hash: string; length: number }
interface XorbOut {
	hash: string;
	upload: string;
	size: number;
	xetCoreHash: string;
	chunks: Array<{ hash: string; unpackedLength: number; offset: number; packedLength: number; scheme: number }>;
}

function fail(code: number, message: string): never {
	process.stderr.write(`xet-oracle: ${message}\n`);
	process.exit(code);
}

// The wasm glue is CommonJS here: its namespace sits under `default` when imported from ESM.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const xetCore: any = (xetCoreModule as any).default?.compute_file_hash ? (xetCoreModule as any).default : xetCoreModule;

const specPath = process.argv[2];
if (!specPath) fail(2, "usage: tsx make-fixtures.ts SPEC.json");
const spec: Spec = JSON.parse(readFileSync(specPath, "utf8"));
await xetCore.default({ module_or_path: wasmBinary });

const hubVersion: string = JSON.parse(
	readFileSync(new URL("./node_modules/@huggingface/hub/package.json", import.meta.url), "utf8"),
).version;

mkdirSync(join(spec.out, "xorbs"), { recursive: true });
const xorbs = new Map<string, XorbOut>();
const files: unknown[] = [];
const uploads: unknown[] = [];
// What earlier uploads stored, answered to createXorbs' global dedup query with one server-side shard of it all.
const storedChunks = new Set<string>();
let storedShard: Uint8Array | undefined;
const dedupQueries: Array<{ upload: string; chunk: string; found: boolean }> = [];

for (const upload of spec.uploads) {
	const inputs = upload.files.map((f) => ({ ...f, bytes: new Uint8Array(readFileSync(f.path)) }));
	async function* sources() {
		for (const f of inputs) yield { content: new Blob([f.bytes]), path: f.id };
	}
	const casUrl = "http://xet-oracle.invalid/cas";
	// Only the CAS's dedup query is reached: the token comes with the params and nothing is uploaded here.
	const fakeFetch = async (input: string | URL | Request): Promise<Response> => {
		const url = String(input instanceof Request ? input.url : input);
		const prefix = `${casUrl}/v1/chunks/default/`;
		if (!url.startsWith(prefix)) fail(3, `createXorbs asked for ${url}, which the oracle does not serve`);
		const chunk = url.slice(prefix.length);
		const found = storedChunks.has(chunk) && storedShard !== undefined;
		dedupQueries.push({ upload: upload.name, chunk, found });
		return found ? new Response(storedShard, { status: 200 }) : new Response("not found", { status: 404 });
	};
	const localXorbs: string[] = [];
	const uploadXorbs: XorbOut[] = [];
	for await (const event of createXorbs(sources(), {
		accessToken: undefined,
		fetch: fakeFetch as typeof fetch,
		xetParams: {
			refreshWriteTokenUrl: "http://xet-oracle.invalid/token",
			casUrl,
			accessToken: "xet-oracle",
			expiresAt: new Date(Date.now() + 24 * 3600_000),
		},
	})) {
		if (event.event === "xorb") {
			const bytes = event.xorb.slice();
			const chunks = walkChunks(bytes, event.hash);
			if (chunks.length !== event.chunks.length) fail(3, `xorb ${event.hash}: ${chunks.length} chunk headers, ${event.chunks.length} chunks`);
			const out: XorbOut = {
				hash: event.hash,
				upload: upload.name,
				size: bytes.length,
				xetCoreHash: xetCore.compute_xorb_hash(event.chunks),
				chunks: chunks.map((c, i) => {
					if (c.unpackedLength !== event.chunks[i].length) fail(3, `xorb ${event.hash} chunk ${i}: header length ${c.unpackedLength}, chunker length ${event.chunks[i].length}`);
					return { hash: event.chunks[i].hash, ...c };
				}),
			};
			if (out.xetCoreHash !== out.hash) fail(3, `xorb hash: createXorbs ${out.hash}, xet-core ${out.xetCoreHash}`);
			writeFileSync(join(spec.out, "xorbs", out.hash), bytes);
			localXorbs[event.id] = event.hash;
			xorbs.set(out.hash, out);
			uploadXorbs.push(out);
		} else if (event.event === "file") {
			const input = inputs.find((f) => f.id === event.path)!;
			const terms = event.representation.map((r) => {
				const xorb = typeof r.xorbId === "number" ? localXorbs[r.xorbId] : r.xorbId;
				if (!xorb || !xorbs.has(xorb)) fail(3, `${event.path}: a term names xorb ${String(r.xorbId)}, which no upload made`);
				return { xorb, start: r.indexStart, end: r.indexEnd, unpackedLength: r.length };
			});
			// The file's chunks in order, from its terms: each term's chunks of its xorb.
			const chunks: Array<ChunkRef & { offset: number }> = [];
			let offset = 0;
			for (const t of terms) {
				for (const c of xorbs.get(t.xorb)!.chunks.slice(t.start, t.end)) {
					chunks.push({ hash: c.hash, length: c.unpackedLength, offset });
					offset += c.unpackedLength;
				}
			}
			if (offset !== input.bytes.length) fail(3, `${event.path}: terms cover ${offset} bytes, the file has ${input.bytes.length}`);
			const xetCoreFileHash: string = xetCore.compute_file_hash(chunks.map(({ hash, length }) => ({ hash, length })));
			if (xetCoreFileHash !== event.hash) fail(3, `${event.path}: file hash createXorbs ${event.hash}, xet-core ${xetCoreFileHash}`);
			const xetCoreChunks = chunkWithXetCore(input.bytes);
			files.push({
				id: event.path,
				upload: upload.name,
				input: input.path,
				size: input.bytes.length,
				sha256: createHash("sha256").update(input.bytes).digest("hex"),
				xetHash: event.hash,
				dedupRatio: event.dedupRatio,
				terms,
				chunks,
				xetCoreChunks,
				xetCoreChunkedFileHash: xetCore.compute_file_hash(xetCoreChunks.map(({ hash, length }) => ({ hash, length }))),
			});
		}
	}
	for (const f of inputs) {
		if (!files.some((x) => (x as { id: string }).id === f.id)) fail(3, `createXorbs gave no file event for ${f.id}`);
	}
	uploads.push({ name: upload.name, files: upload.files.map((f) => f.id), xorbs: uploadXorbs.map((x) => x.hash) });
	for (const x of uploadXorbs) for (const c of x.chunks) storedChunks.add(c.hash);
	storedShard = serverShard([...xorbs.values()]);
}

writeFileSync(
	join(spec.out, "manifest.json"),
	JSON.stringify(
		{
			tool: { hub: hubVersion, xetCoreCommit: XET_CORE_COMMIT },
			uploads,
			dedupQueries,
			xorbs: [...xorbs.values()],
			files,
		},
		null,
		1,
	),
);

/** Walks a xorb's chunk headers (8 bytes: version, u24 packed length, scheme, u24 unpacked length). */
function walkChunks(bytes: Uint8Array, hash: string) {
	const chunks: Array<{ unpackedLength: number; offset: number; packedLength: number; scheme: number }> = [];
	let at = 0;
	while (at < bytes.length) {
		if (at + 8 > bytes.length || bytes[at] !== 0) fail(3, `xorb ${hash}: bad chunk header at ${at}`);
		const packed = bytes[at + 1] | (bytes[at + 2] << 8) | (bytes[at + 3] << 16);
		const scheme = bytes[at + 4];
		const unpacked = bytes[at + 5] | (bytes[at + 6] << 8) | (bytes[at + 7] << 16);
		chunks.push({ unpackedLength: unpacked, offset: at, packedLength: 8 + packed, scheme });
		at += 8 + packed;
	}
	return chunks;
}

/** xet-core's own content-defined chunking of the bytes (for reference: it cuts differently from createXorbs'). */
function chunkWithXetCore(bytes: Uint8Array): Array<ChunkRef & { offset: number }> {
	const chunker = new xetCore.Chunker(64 * 1024);
	const found: ChunkRef[] = [];
	for (let at = 0; at < bytes.length; at += 1 << 20) found.push(...chunker.add_data(bytes.subarray(at, at + (1 << 20))));
	const last = chunker.finish();
	if (last) found.push(...(Array.isArray(last) ? last : [last]));
	chunker.free();
	let offset = 0;
	return found.map((c) => {
		const out = { hash: c.hash, length: c.length, offset };
		offset += c.length;
		return out;
	});
}

/**
 * The shard the CAS answers a dedup query with: header, an empty file-info section, the xorbs' chunk lists and a
 * footer whose lookup offset bounds the xorb section, as src/utils/shardParser.ts reads it. (The upload shards the
 * library writes itself leave the lookup tables out, so parseShardData would find no xorb in them: the Hub answers
 * dedup queries with shards it builds server-side.) The HMAC key is zero: chunk hashes are given as they are.
 */
function serverShard(list: XorbOut[]): Uint8Array {
	const header = 48;
	const footer = 200;
	const xorbSection = list.reduce((n, x) => n + 48 + x.chunks.length * 48, 0) + 48;
	const fileSection = 48;
	const shard = new Uint8Array(header + fileSection + xorbSection + footer);
	const view = new DataView(shard.buffer);
	shard.set(SHARD_MAGIC_TAG, 0);
	view.setBigUint64(32, 2n, true);
	view.setBigUint64(40, BigInt(footer), true);
	let at = header;
	shard.fill(0xff, at, at + 32); // empty file-info section: its bookend only
	at += 48;
	const xorbStart = at;
	for (const x of list) {
		writeHash(shard, at, x.hash);
		view.setUint32(at + 36, x.chunks.length, true);
		view.setUint32(at + 40, x.chunks.reduce((n, c) => n + c.unpackedLength, 0), true);
		view.setUint32(at + 44, x.size, true);
		at += 48;
		let unpacked = 0;
		for (const c of x.chunks) {
			writeHash(shard, at, c.hash);
			view.setUint32(at + 32, unpacked, true);
			view.setUint32(at + 36, c.unpackedLength, true);
			unpacked += c.unpackedLength;
			at += 48;
		}
	}
	shard.fill(0xff, at, at + 32);
	at += 48;
	const footerStart = at;
	view.setBigUint64(footerStart, 1n, true);
	view.setBigUint64(footerStart + 8, BigInt(header), true);
	view.setBigUint64(footerStart + 16, BigInt(xorbStart), true);
	view.setBigUint64(footerStart + 24, BigInt(footerStart), true); // lookup tables (none) start where the xorb section ends
	view.setBigUint64(footerStart + 192, BigInt(footerStart), true);
	return shard;
}

/** A hash string is four little-endian u64 in hex (protocol doc §3): write them back as bytes. */
function writeHash(into: Uint8Array, at: number, hex: string) {
	for (let group = 0; group < 4; group++) {
		for (let i = 0; i < 8; i++) {
			into[at + group * 8 + i] = parseInt(hex.substring(group * 16 + (7 - i) * 2, group * 16 + (8 - i) * 2), 16);
		}
	}
}
