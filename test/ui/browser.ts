/**
 * A real browser against a real Stegvis: Debian's Chromium driven by
 * playwright-core (`npx playwright install` cannot download a browser on a
 * closed network; Debian's package can be installed), the server in process on a
 * fresh database (test/support/test-app.ts), listening on a loopback port.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOT_DIR = path.resolve('test-results/ui');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Date and time fields in Swedish form, as a Swedish user's browser shows them.
  '--lang=sv-SE',
];

export interface UiHarness {
  app: TestApp;
  baseUrl: string;
  browser: Browser;
  /** Script errors and console errors in any page (a refused request's own console line excepted). */
  problems: string[];
  /** A new browser session (its own sessionStorage) at laptop width unless told otherwise. */
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startUi(options: Parameters<typeof startTestApp>[0] = {}): Promise<UiHarness> {
  const app = await startTestApp(options);
  const server: Server = createServer(app.stegvis.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    app,
    baseUrl,
    browser,
    problems,
    async newPage(options = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: 'sv-SE',
        timezoneId: 'Europe/Stockholm',
        viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
      });
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Dev login through the login page, as a person would. */
export async function logIn(page: Page, displayName: string): Promise<void> {
  await page.goto('/logga-in');
  await page.getByRole('radio', { name: new RegExp(`^${displayName}`) }).check();
  await page.getByRole('button', { name: 'Logga in' }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Att göra' }));
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Logga in' }));
}

/** Open a step's form from its button, let `fill` fill it, save, and wait for the confirmation. */
export async function takeStep(page: Page, action: string, fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => undefined): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const form = page.locator('section.action-form');
  await focused(form.getByRole('heading', { name: action }));
  await fill(form);
  await form.getByRole('button', { name: 'Spara' }).click();
  // The page is drawn anew after a saved step (the form is gone), with the confirmation focused.
  await hasCount(page.locator('section.action-form'), 0);
  await shows(page.locator('[data-notice="success"]'), 'Sparat');
  await focused(page.locator('[data-notice="success"]'));
}

/*
 * Waiting assertions (playwright-core has no `expect`; @playwright/test would bring a second
 * runner): each polls the page until it holds or 10 s pass.
 */
const POLL = { timeout: 10_000, interval: 50 };

export async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: POLL.timeout });
}

export async function shows(locator: Locator, text: string | RegExp): Promise<void> {
  await visible(locator);
  const poll = expect.poll(() => locator.first().innerText(), POLL);
  await (typeof text === 'string' ? poll.toContain(text) : poll.toMatch(text));
}

export async function showsNot(locator: Locator, text: string): Promise<void> {
  expect(await locator.first().innerText()).not.toContain(text);
}

export async function hasText(locator: Locator, text: string): Promise<void> {
  await expect.poll(async () => (await locator.first().innerText()).trim(), POLL).toBe(text);
}

export async function focused(locator: Locator): Promise<void> {
  await expect.poll(() => locator.first().evaluate((element) => element === element.ownerDocument.activeElement).catch(() => false), POLL).toBe(true);
}

export async function hasAttr(locator: Locator, name: string, value: string): Promise<void> {
  await expect.poll(() => locator.first().getAttribute(name).catch(() => null), POLL).toBe(value);
}

export async function hasCount(locator: Locator, count: number): Promise<void> {
  await expect.poll(() => locator.count(), POLL).toBe(count);
}

/** The accessible description: the texts aria-describedby points at. */
export async function describedAs(locator: Locator, text: RegExp): Promise<void> {
  const description = () =>
    locator.first().evaluate((element) =>
      (element.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id: string) => element.ownerDocument.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
  await expect.poll(description, POLL).toMatch(text);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Every violation axe-core finds on the page, of any impact: the WCAG 2.x A/AA rules and axe's best practices
 * (`landmark-unique`, `heading-order`, `region` …), which a person using a screen reader meets as much as a WCAG failure.
 * Run through the debugger protocol, past the page's CSP.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`)) as AxeViolation[];
  return violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
