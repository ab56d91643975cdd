// Browser check: a signer signs on the simulator's page in headless Chromium, then the Temporal Web UI shows the
// contract's workflow in a list filtered by signchain's search attributes, and its current details on the workflow
// page, also after signer 2 is replaced and the contract cancelled through the API, without any national identity
// number anywhere in those pages.
//   API=http://127.0.0.1:18080 TEMPORAL_UI=http://127.0.0.1:8233 OUT=/tmp/shots node check.mjs
// Optional: CHROMIUM (/usr/bin/chromium), PDF (deploy/demo/sample-contract.pdf), NAMESPACE (default).
// Last line: "browser: ok ..." (exit 0) or "browser: FAILED: ..." (exit 1). Every wait is bounded (<= 60 s).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const API = (process.env.API || 'http://127.0.0.1:18080').replace(/\/$/, '');
const UI = (process.env.TEMPORAL_UI || 'http://127.0.0.1:8233').replace(/\/$/, '');
const OUT = process.env.OUT || path.join(process.env.TMPDIR || '/tmp', 'signchain-browser');
const NS = process.env.NAMESPACE || 'default';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PDF = process.env.PDF || path.resolve(HERE, '../../demo/sample-contract.pdf');

const SIGNERS = [
  { name: 'Aksel Herseth', nationalId: '06046517928' },
  { name: 'Ole Bramserud', nationalId: '11920287974' },
  { name: 'Sanna Hansen', nationalId: '12829025475' },
];
// Takes signer 2's place through the API (step 4); her number must not show up in the UI either.
const REPLACEMENT = { name: 'Kari Nordmann', nationalId: '15059012387' };
const NINS = [...SIGNERS, REPLACEMENT].map((s) => s.nationalId);
const REF = `browser-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

const log = (msg) => console.error(`browser: ${msg}`);
class CheckError extends Error {}
const fail = (msg) => { throw new CheckError(msg); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A hard stop in case something unforeseen hangs despite the bounded waits below.
const watchdog = setTimeout(() => {
  console.error('browser: FAILED: overall time limit (280 s) exceeded');
  process.exit(1);
}, 280_000);
watchdog.unref();

// The API's token: the all-in-one app's own authorization server and its first demo client, unless told otherwise.
const TOKEN_URL = process.env.TOKEN_URL || `${API}/oauth2/token`;
const CLIENT_ID = process.env.SIGNCHAIN_CLIENT_ID || 'signchain-local';
const CLIENT_SECRET = process.env.SIGNCHAIN_CLIENT_SECRET || 'signchain-local-secret';
let token;
async function bearer() {
  if (!token) {
    const res = await fetch(TOKEN_URL, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'contracts:write contracts:read contracts:manage' }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) fail(`no token from ${TOKEN_URL}: HTTP ${res.status}`);
    token = (await res.json()).access_token;
  }
  return `Bearer ${token}`;
}

async function api(method, p, body, headers) {
  const res = await fetch(API + p, {
    method, body, headers: { ...(headers || {}), Authorization: await bearer() }, signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) fail(`${method} ${p} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function reachable(url, seconds) { // the caller starts the API and Temporal; give them a bounded moment
  const until = Date.now() + seconds * 1000;
  let last = '';
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) { last = e.cause?.code || e.message; }
    await sleep(1_000);
  }
  fail(`no answer from ${url} within ${seconds} s (${last})`);
}

async function submit() {
  const form = new FormData();
  form.append('document', new Blob([fs.readFileSync(PDF)], { type: 'application/pdf' }), 'sample-contract.pdf');
  form.append('contract', new Blob([JSON.stringify({ title: 'Rental agreement', externalRef: REF, signers: SIGNERS })],
    { type: 'application/json' }));
  const c = await api('POST', '/api/v1/contracts', form);
  if (!c.id) fail(`no id in the answer to POST /api/v1/contracts: ${JSON.stringify(c)}`);
  return c.id;
}

async function waitForSigner(id, index, seconds) { // until signer `index` (1-based) is READY with a signatureUrl
  const until = Date.now() + seconds * 1000;
  let c;
  while (Date.now() < until) {
    c = await api('GET', `/api/v1/contracts/${id}`);
    const s = c.signers?.find((x) => x.index === index);
    if (s?.status === 'READY' && s.signatureUrl) return s;
    if (['FAILED', 'CANCELLED', 'REJECTED', 'EXPIRED'].includes(c.status)) break;
    await sleep(500);
  }
  fail(`signer ${index} of contract ${id} not READY within ${seconds} s; last: ${JSON.stringify(c)}`);
}

// Text of a page including its iframes (the Web UI renders summary and details in iframes), and its HTML.
async function allText(page) {
  const parts = [];
  for (const f of page.frames()) {
    try {
      parts.push(await f.locator('body').innerText({ timeout: 5_000 }));
      parts.push(await f.content());
    } catch { /* a frame that went away meanwhile */ }
  }
  return parts.join('\n');
}

const json = (value) => [JSON.stringify(value), { 'Content-Type': 'application/json' }];

// The workflow page's User Metadata tab until its current details include `expected` (they come from a query at page
// load, so the page is reloaded until they do).
async function awaitDetails(page, expected) {
  let details = '';
  for (const until = Date.now() + 45_000; Date.now() < until;) {
    await page.locator('#user-metadata-tab').click();
    await page.waitForURL('**/user-metadata');
    // The UI renders each of these in an iframe (/render?content=...): read the frames' text.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !details.includes(expected)) {
      await sleep(500);
      const texts = await Promise.all(page.frames().filter((f) => f !== page.mainFrame()).map(
        (f) => f.locator('body').innerText({ timeout: 2_000 }).catch(() => '')));
      details = texts.find((t) => /waiting for signer|signer \d+ of \d+|cancelled/i.test(t)) || details;
    }
    if (details.includes(expected)) return details;
    await page.reload();
  }
  fail(`current details do not say "${expected}" within 45 s; last: "${details.trim()}"`);
}

function assertNoNins(where, text) {
  const found = NINS.filter((n) => text.includes(n));
  if (found.length) fail(`national identity number(s) ${found.join(', ')} visible in ${where}`);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  if (!fs.existsSync(CHROMIUM)) fail(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);

  await reachable(`${API}/actuator/health/readiness`, 60);
  await reachable(`${UI}/`, 30);

  // 1. A 3-signer contract through the API.
  const id = await submit();
  const wfId = `contract-${id}`;
  log(`contract ${id} (ref ${REF}) submitted`);
  const signer1 = await waitForSigner(id, 1, 60);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
  // Whatever the UI's API returns (including base64 payloads) is scanned for the numbers too.
  const leaks = [];
  const bodies = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(30_000);
    const page = await context.newPage();

    // 2. Signer 1 signs on the simulator's page.
    await page.goto(signer1.signatureUrl);
    const who = (await page.locator('#signer').innerText()).trim();
    if (!who.includes(SIGNERS[0].name)) fail(`signer page shows "${who}", not ${SIGNERS[0].name}`);
    await page.screenshot({ path: path.join(OUT, 'signer-page.png') });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#sign-button').click()]);
    const result = (await page.locator('body').innerText()).trim();
    if (!/\bsigned\b/i.test(await page.locator('#result').innerText().catch(() => '')) || !/is signed/i.test(result)) {
      fail(`after Sign, the page says: ${result.slice(0, 300)}`);
    }
    await page.screenshot({ path: path.join(OUT, 'signer-signed.png') });
    log(`signer 1 signed in the browser: "${result.split('\n').join(' ').slice(0, 80)}"`);
    await waitForSigner(id, 2, 60);
    log('signer 2 is READY');

    // Payloads are encrypted: the Web UI's server holds ciphertext only, and the page decodes it in the browser through
    // signchain's codec endpoints. Both sides are checked below.
    const codec = { encrypted: 0, clear: 0, calls: 0 };
    page.on('request', (req) => { if (req.url().includes('/codec/decode')) codec.calls += 1; });
    page.on('response', (res) => {
      if (!res.url().startsWith(UI + '/api/')) return;
      // Long polls (waitNewEvent) may never finish: read bodies with a bound, and don't wait for them to check pages.
      bodies.push(Promise.race([res.text().catch(() => ''), sleep(10_000).then(() => '')]).then((t) => {
        const decoded = [...t.matchAll(/"data"\s*:\s*"([A-Za-z0-9+/=]+)"/g)]
          .map((m) => Buffer.from(m[1], 'base64').toString('utf8')).join('\n');
        for (const n of NINS) if (t.includes(n) || decoded.includes(n)) leaks.push(`${n} in ${res.url()}`);
        // "binary/encrypted", base64 as the UI server's JSON carries metadata values.
        codec.encrypted += (t.match(/YmluYXJ5L2VuY3J5cHRlZA==/g) || []).length;
        if (decoded.includes('waiting for signer')) codec.clear += 1;
      }));
    });

    // 3a. The workflows list, filtered by search attributes (the UI keeps the query in ?query=).
    const query = `ContractStatus="WAITING_FOR_SIGNER" AND SignerIndex = 2 AND BusinessRef="${REF}"`;
    const listUrl = `${UI}/namespaces/${NS}/workflows?query=${encodeURIComponent(query)}`;
    const row = page.locator(`a[href*="/workflows/${wfId}/"]`, { hasText: wfId });
    let found = false;
    for (const until = Date.now() + 45_000; !found && Date.now() < until;) {
      await page.goto(listUrl);
      found = await row.first().waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    }
    if (!found) fail(`${wfId} not listed at ${listUrl} within 45 s: ${(await page.locator('body').innerText()).slice(0, 500)}`);
    const listText = await page.locator('main').innerText();
    if (!listText.includes('WAITING_FOR_SIGNER') || !listText.includes(REF)) {
      fail('the list page does not show the filter (ContractStatus, BusinessRef)');
    }
    const rows = await page.locator('a[href*="/workflows/contract-"]').evaluateAll(
      (as) => [...new Set(as.map((a) => a.textContent.trim()).filter((t) => t.startsWith('contract-')))]);
    if (rows.length !== 1) fail(`the filtered list shows ${rows.length} workflows: ${rows.join(', ')}`);
    await page.screenshot({ path: path.join(OUT, 'temporal-ui-list.png') });
    assertNoNins('the Temporal UI workflows list', await allText(page));
    log(`Temporal UI lists ${wfId} for ${query}`);

    // 3b. The workflow page (from the list's link), then its User Metadata tab: Summary, Details, Current Details.
    await Promise.all([page.waitForURL(`**/workflows/${wfId}/**`), row.first().click()]);
    await page.getByText(wfId).first().waitFor();
    await page.locator('main').getByText('Workflow Type').first().waitFor();
    assertNoNins('the Temporal UI workflow page (history)', await allText(page));
    const details = await awaitDetails(page, 'waiting for signer 2 of 3');
    const mainText = await page.locator('main').innerText();
    if (!mainText.includes('Current Details')) fail('no "Current Details" heading on the workflow page');
    await page.screenshot({ path: path.join(OUT, 'temporal-ui-workflow.png') });
    assertNoNins('the Temporal UI workflow page (user metadata)', await allText(page));
    log(`current details: "${details.trim()}"`);

    // 4. Lifecycle controls through the API show in the Web UI: signer 2 replaced, then the contract cancelled.
    await api('PUT', `/api/v1/contracts/${id}/signers/2`, ...json(REPLACEMENT));
    const replaced = await awaitDetails(page, `last control: signer 2 replaced by ${CLIENT_ID}`);
    await page.screenshot({ path: path.join(OUT, 'temporal-ui-replaced.png') });
    assertNoNins('the Temporal UI workflow page after the replacement', await allText(page));
    log(`after PUT signers/2: "${replaced.trim()}"`);
    await api('POST', `/api/v1/contracts/${id}/cancel`, ...json({ reason: 'browser check' }));
    const cancelled = await awaitDetails(page, `cancelled by ${CLIENT_ID}: browser check`);
    await page.screenshot({ path: path.join(OUT, 'temporal-ui-cancelled.png') });
    log(`after POST cancel: "${cancelled.trim()}"`);

    await Promise.all(bodies);
    if (leaks.length) fail(`national identity number(s) in the Temporal UI's API answers: ${leaks.join('; ')}`);
    if (codec.encrypted === 0) fail('no encrypted payload in the Temporal UI server\'s answers: are payloads encrypted?');
    if (codec.clear > 0) fail(`current details in clear in ${codec.clear} answer(s) of the Temporal UI server`);
    if (codec.calls === 0) fail('the Web UI never called the codec endpoints, yet showed the details');
    log(`the Web UI's server held ciphertext only (${codec.encrypted} encrypted payloads, none in clear); the page `
      + `decoded them through signchain's codec endpoints (${codec.calls} calls)`);
    log(`no national identity number in the pages' text nor in ${bodies.length} answers of the Temporal UI's API`);
    await context.close();
  } finally {
    await browser.close().catch(() => {});
  }
  return { id, wfId };
}

try {
  const { wfId } = await main();
  console.log(`browser: ok workflow=${wfId} ref=${REF} signer1=signed list+details visible, replacement and cancellation shown, no national ids; screenshots in ${OUT}`);
  process.exit(0);
} catch (e) {
  console.log(`browser: FAILED: ${e instanceof CheckError ? e.message : (e?.stack || e)}`);
  process.exit(1);
}
