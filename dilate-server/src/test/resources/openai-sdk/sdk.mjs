// Drives a running `dilate serve` with the official OpenAI SDK and prints one JSON line per check:
// {"check": name, "ok": true|false, "detail": ...}.
//   node sdk.mjs BASE_URL API_KEY SLOW_BASE_URL
// BASE_URL serves a model named "tiny" with API_KEY; SLOW_BASE_URL serves a slow model with one slot and no queue.
import OpenAI from "openai";

const [base, key, slowBase] = process.argv.slice(2);
const client = new OpenAI({ baseURL: base + "v1", apiKey: key, maxRetries: 0 });
const slow = new OpenAI({ baseURL: slowBase + "v1", apiKey: "unused", maxRetries: 0 });

async function check(name, body) {
  try {
    const detail = await body();
    console.log(JSON.stringify({ check: name, ok: true, detail: detail ?? null }));
  } catch (e) {
    console.log(JSON.stringify({ check: name, ok: false, detail: String(e && e.stack || e) }));
  }
}

function expect(condition, what) { if (!condition) throw new Error(what); }

async function expectError(type, call) {
  try {
    await call();
  } catch (e) {
    expect(e instanceof type, "expected " + type.name + ", got " + (e && e.constructor && e.constructor.name) + ": " + e);
    return { status: e.status ?? null };
  }
  throw new Error("expected " + type.name + ", the call succeeded");
}

const completionParams = { model: "tiny", prompt: "hello", max_tokens: 32, temperature: 0, block: 16 };
const chatParams = { model: "tiny", messages: [{ role: "user", content: "hi" }], max_tokens: 32, temperature: 0, block: 16 };
let completionText, chatText;

await check("models.list", async () => {
  const page = await client.models.list();
  expect(page.data.some(m => m.id === "tiny" && m.object === "model"), JSON.stringify(page.data));
});
await check("models.retrieve", async () => {
  const m = await client.models.retrieve("tiny");
  expect(m.id === "tiny", JSON.stringify(m));
});
await check("models.retrieve unknown is NotFoundError", () => expectError(OpenAI.NotFoundError, () => client.models.retrieve("gpt-4")));
await check("completions.create", async () => {
  const r = await client.completions.create(completionParams);
  completionText = r.choices[0].text;
  expect(typeof completionText === "string" && ["stop", "length"].includes(r.choices[0].finish_reason), JSON.stringify(r));
  expect(r.usage.total_tokens === r.usage.prompt_tokens + r.usage.completion_tokens, JSON.stringify(r.usage));
  return { text: completionText };
});
await check("chat.completions.create", async () => {
  const r = await client.chat.completions.create(chatParams);
  chatText = r.choices[0].message.content;
  expect(r.choices[0].message.role === "assistant" && typeof chatText === "string", JSON.stringify(r));
});
await check("completions stream joins to the answer, with usage", async () => {
  const stream = await client.completions.create({ ...completionParams, stream: true, stream_options: { include_usage: true } });
  let text = "", usage = null, textChunks = 0;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    if (chunk.choices.length && chunk.choices[0].text) { text += chunk.choices[0].text; textChunks++; }
  }
  expect(text === completionText, JSON.stringify({ streamed: text, whole: completionText }));
  expect(usage && usage.completion_tokens >= 0, "no usage chunk");
  return { textChunks };
});
await check("chat stream joins to the message", async () => {
  const stream = await client.chat.completions.create({ ...chatParams, stream: true });
  let text = "", role = null;
  for await (const chunk of stream) {
    const delta = chunk.choices.length ? chunk.choices[0].delta : {};
    if (delta.role) role = delta.role;
    if (delta.content) text += delta.content;
  }
  expect(role === "assistant" && text === chatText, JSON.stringify({ role, streamed: text, whole: chatText }));
});
await check("a wrong key is AuthenticationError", () =>
  expectError(OpenAI.AuthenticationError, () => new OpenAI({ baseURL: base + "v1", apiKey: "wrong", maxRetries: 0 }).models.list()));
await check("a busy server is RateLimitError, and an abort ends a stream", async () => {
  const controller = new AbortController();
  const first = await slow.completions.create({ model: "m", prompt: "a", max_tokens: 64, block: 16, stream: true }, { signal: controller.signal });
  const iterator = first[Symbol.asyncIterator]();
  await iterator.next();                         // the request holds the only slot now
  const refused = await expectError(OpenAI.RateLimitError, () => slow.completions.create({ model: "m", prompt: "b", max_tokens: 16 }));
  controller.abort();
  // The SDK ends an aborted stream quietly or with APIUserAbortError; either way the connection is
  // closed, which the server must count as a cancellation (the Java side checks).
  let ended = "quietly";
  try {
    for (;;) { const r = await iterator.next(); if (r.done) break; }
  } catch (e) {
    expect(e instanceof OpenAI.APIUserAbortError, "an abort raised " + e);
    ended = "with APIUserAbortError";
  }
  return { ...refused, abort: ended };
});
