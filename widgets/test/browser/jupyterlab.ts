/**
 * Driving a real JupyterLab from Playwright (playwright-core with Debian's Chromium): open a notebook,
 * wait for its kernel, run cells found by their `// [cell:name]` marker, read outputs. The server is
 * started by scripts/browser-tests.sh with `--LabApp.expose_app_in_browser=True`, which exposes the
 * application as `window.jupyterapp` (as @jupyterlab/galata does).
 */
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_FLAGS, headless: true });
}

/** Opens `path` (relative to the server root) in JupyterLab and waits for an idle kernel. */
export async function openNotebook(page: Page, baseUrl: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}/lab/tree/${path}`, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => typeof (window as never as { jupyterapp?: unknown }).jupyterapp === "object", null, { timeout: 120_000 });
  await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: 120_000 });
  await waitForKernelIdle(page, 180_000);
}

/**
 * Shuts every kernel down (freeing its memory), then reloads JupyterLab with a reset workspace showing
 * only `path`, and waits for its kernel.
 */
export async function switchNotebook(page: Page, baseUrl: string, path: string): Promise<void> {
  await page.evaluate(async () => {
    const app = (window as never as { jupyterapp: { serviceManager: { sessions: { shutdownAll(): Promise<void> } } } }).jupyterapp;
    await app.serviceManager.sessions.shutdownAll();
  });
  await page.goto(`${baseUrl}/lab/tree/${path}?reset`, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => typeof (window as never as { jupyterapp?: unknown }).jupyterapp === "object", null, { timeout: 120_000 });
  await page.waitForFunction(
    (p) => {
      const app = (window as never as { jupyterapp: { shell: { currentWidget?: { context?: { path: string } } } } }).jupyterapp;
      return app.shell.currentWidget?.context?.path === p;
    },
    path,
    { timeout: 60_000 },
  );
  await page.waitForSelector(".jp-Notebook .jp-Cell", { timeout: 60_000 });
  await waitForKernelIdle(page, 180_000);
}

export async function waitForKernelIdle(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const app = (window as never as { jupyterapp: { shell: { currentWidget: { sessionContext?: { session?: { kernel?: { status: string; name: string } } } } } } }).jupyterapp;
      const k = app.shell.currentWidget?.sessionContext?.session?.kernel;
      return k?.status === "idle";
    },
    null,
    { timeout, polling: 250 },
  );
}

/** Name of the running kernel (kernelspec). */
export async function kernelName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const app = (window as never as { jupyterapp: { shell: { currentWidget: { sessionContext: { session: { kernel: { name: string } } } } } } }).jupyterapp;
    return app.shell.currentWidget.sessionContext.session.kernel.name;
  });
}

/** Runs every cell (Run → Run All Cells) and waits until they finished. */
export async function runAll(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const app = (window as never as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }).jupyterapp;
    await app.commands.execute("notebook:run-all-cells");
  });
  await waitForKernelIdle(page);
}

/** Index of the cell whose source starts with `// [cell:<name>]`. */
export async function cellIndex(page: Page, name: string): Promise<number> {
  const i = await page.evaluate((marker) => {
    const app = (window as never as { jupyterapp: { shell: { currentWidget: { content: { widgets: { model: { sharedModel: { getSource(): string } } }[] } } } } }).jupyterapp;
    return app.shell.currentWidget.content.widgets.findIndex((c) => c.model.sharedModel.getSource().startsWith(marker));
  }, `// [cell:${name}]`);
  if (i < 0) throw new Error(`no cell marked [cell:${name}]`);
  return i;
}

/** Runs one cell and waits for it to finish. */
export async function runCell(page: Page, name: string): Promise<void> {
  const i = await cellIndex(page, name);
  await page.evaluate(async (index) => {
    const app = (window as never as { jupyterapp: { shell: { currentWidget: { content: { activeCellIndex: number } } }; commands: { execute(id: string): Promise<unknown> } } }).jupyterapp;
    app.shell.currentWidget.content.activeCellIndex = index;
    await app.commands.execute("notebook:run-cell");
  }, i);
  await waitForKernelIdle(page);
}

/** The text of a cell's outputs. */
export async function cellOutputText(page: Page, name: string): Promise<string> {
  const i = await cellIndex(page, name);
  return page.locator(".jp-Notebook .jp-Cell").nth(i).locator(".jp-OutputArea").innerText();
}

/** Waits until a cell's output text matches `re`, returning the match. */
export async function waitForOutput(page: Page, name: string, re: RegExp, timeout = 60_000): Promise<RegExpMatchArray> {
  const start = Date.now();
  let last = "";
  while (Date.now() - start < timeout) {
    last = await cellOutputText(page, name);
    const m = last.match(re);
    if (m) return m;
    await page.waitForTimeout(250);
  }
  throw new Error(`cell ${name}: output never matched ${re}; last output: ${last.slice(0, 500)}`);
}

/** A cheap fingerprint of a canvas's pixels (FNV-1a over its RGBA), to tell whether a redraw changed them. */
export async function canvasFingerprint(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let h = 0x811c9dc5;
    for (let i = 0; i < d.length; i += 7) h = Math.imul(h ^ d[i]!, 0x01000193) >>> 0;
    return `${c.width}x${c.height}:${h.toString(16)}`;
  });
}

/** Drags an `<input type=range>` thumb with the mouse to the fraction `to` (0…1) of its track. */
export async function dragRange(page: Page, selector: string, to: number): Promise<void> {
  const el = page.locator(selector).first();
  await el.scrollIntoViewIfNeeded();
  const box = (await el.boundingBox())!;
  const { value, min, max } = await el.evaluate((e) => {
    const i = e as HTMLInputElement;
    return { value: Number(i.value), min: Number(i.min || 0), max: Number(i.max || 100) };
  });
  const thumb = 8; // half the thumb width: the track runs from box.x + thumb to box.x + width − thumb
  const xOf = (f: number) => box.x + thumb + f * (box.width - 2 * thumb);
  const from = max > min ? (value - min) / (max - min) : 0;
  const y = box.y + box.height / 2;
  await page.mouse.move(xOf(from), y);
  await page.mouse.down();
  const steps = 12;
  for (let s = 1; s <= steps; s++) await page.mouse.move(xOf(from + ((to - from) * s) / steps), y);
  await page.mouse.up();
}
