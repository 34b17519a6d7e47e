/**
 * Drives Debian's headless Chromium (no browser download: playwright-core only speaks
 * the DevTools protocol to /usr/bin/chromium) through one page, recording every
 * request the page makes, and prints the page's `window.trackgenResult`.
 */
import { chromium } from "playwright-core";

async function main(): Promise<void> {
  const [url, userDataDir, executablePath] = process.argv.slice(2);
  const context = await chromium.launchPersistentContext(String(userDataDir), {
    executablePath: String(executablePath),
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  const requests: string[] = [];
  const errors: string[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") {
        errors.push(message.text());
      }
    });
    await page.goto(String(url));
    await page.waitForFunction(() => window.trackgenResult !== undefined, undefined, {
      timeout: 30000,
    });
    const result = await page.evaluate(() => window.trackgenResult);
    process.stdout.write(JSON.stringify({ result, requests, errors }));
  } finally {
    await context.close();
  }
}

void main();
