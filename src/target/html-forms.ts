/**
 * Reading forms and links out of target pages, the way a browser would submit them.
 */
import type { CheerioAPI } from 'cheerio';
// Type only (erased at runtime): cheerio's own node types, from its dependency.
import type { Element } from 'domhandler';
import { loadOnFirstUse } from '../on-first-use.js';

/** cheerio, loaded with the first page read (see ../on-first-use.ts). */
const cheerio = loadOnFirstUse<typeof import('cheerio')>('cheerio');

export interface HtmlForm {
  method: string;
  action: string;
  fields: Record<string, string>;
}

/** One named control of a form, as the page declares it. */
export interface FormInput {
  name: string;
  /** Lower-case input type; `select` and `textarea` for those elements. */
  type: string;
  /** What the browser would submit for it, or null when it submits nothing (unchecked box, button). */
  value: string | null;
  /** Check boxes and radio buttons: what the browser submits when it is ticked. */
  checkedValue?: string;
  /** Visible label, placeholder, id and autocomplete, for telling what the field is for. */
  hints: string;
}

/** A form on a page, with everything discovery needs to tell what it is for. */
export interface FormDescription {
  method: string;
  action: string;
  /** A CSS selector that picks this form on the page (by id, class, action or position). */
  selector: string;
  inputs: FormInput[];
  /** Text of the form's buttons. */
  buttons: string;
}

/**
 * Picks the form by selector, else the first form that has inputs for every configured field,
 * else the only form. Hidden inputs (CSRF tokens) come along with their values.
 */
export function findForm(html: string, pageUrl: string, selector: string | undefined, wanted: string[]): HtmlForm | { error: string } {
  const $ = cheerio().load(html);
  const forms = $(selector ?? 'form').filter('form').toArray();
  if (forms.length === 0) return { error: selector ? `no form matches ${selector}` : 'the page has no form' };
  const names = (form: Element) => new Set(inputsOf($, form).map((i) => i.name));
  const form = forms.find((f) => wanted.every((w) => names(f).has(w))) ?? (forms.length === 1 || selector ? forms[0]! : undefined);
  if (!form) return { error: `no form on the page has inputs named ${wanted.join(', ')}` };
  const fields: Record<string, string> = {};
  for (const input of inputsOf($, form)) if (input.value !== null) fields[input.name] = input.value;
  return { method: methodOf($, form), action: actionOf($, form, pageUrl), fields };
}

/** Every form of the page, described. */
export function describeForms(html: string, pageUrl: string): FormDescription[] {
  const $ = cheerio().load(html);
  return $('form')
    .toArray()
    .map((form, index, all) => ({
      method: methodOf($, form),
      action: actionOf($, form, pageUrl),
      selector: selectorOf($, form, index, all),
      inputs: inputsOf($, form),
      buttons: $(form).find('button,input[type=submit],input[type=image]').toArray().map((b) => ($(b).text() || $(b).attr('value') || '').trim()).join(' '),
    }));
}

export function findLink(html: string, pageUrl: string, selector: string): string | { error: string } {
  const $ = cheerio().load(html);
  const href = $(selector).first().attr('href');
  if (href === undefined) return { error: `no element matching ${selector} with an href` };
  return new URL(href, pageUrl).toString();
}

/** A link of a page: where it goes, what it says, and a selector that picks it. */
export interface PageLink {
  url: string;
  text: string;
  selector: string;
}

/** Every link with an href of the page, resolved against it. */
export function describeLinks(html: string, pageUrl: string): PageLink[] {
  const $ = cheerio().load(html);
  const links = $('a[href]').toArray();
  return links.flatMap((a) => {
    const href = $(a).attr('href')!;
    let url: string;
    try {
      url = new URL(href, pageUrl).toString();
    } catch {
      return [];
    }
    const text = [$(a).text(), $(a).attr('title'), $(a).attr('aria-label')].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
    return [{ url, text, selector: linkSelector($, a, href) }];
  });
}

function inputsOf($: CheerioAPI, form: Element): FormInput[] {
  return $(form)
    .find('input,select,textarea')
    .toArray()
    .flatMap((el) => {
      const e = $(el);
      const name = e.attr('name');
      if (!name || e.is('[disabled]')) return [];
      const type = el.tagName === 'input' ? (e.attr('type') ?? 'text').toLowerCase() : el.tagName;
      const id = e.attr('id');
      const label = [id ? $(`label[for="${id}"]`).text() : '', e.closest('label').text(), e.attr('placeholder'), id, e.attr('autocomplete'), e.attr('aria-label')];
      const tickable = type === 'checkbox' || type === 'radio';
      return [
        {
          name,
          type,
          value: submitted($, el, type),
          ...(tickable ? { checkedValue: e.attr('value') ?? 'on' } : {}),
          hints: label.filter(Boolean).join(' ').replace(/\s+/g, ' ').trim(),
        },
      ];
    });
}

/** What the browser submits for a control, or null for nothing. */
function submitted($: CheerioAPI, el: Element, type: string): string | null {
  const e = $(el);
  if (['submit', 'button', 'image', 'reset', 'file'].includes(type)) return null;
  if ((type === 'checkbox' || type === 'radio') && !e.is('[checked]')) return null;
  if (type === 'select') return e.find('option[selected]').attr('value') ?? e.find('option').first().attr('value') ?? '';
  if (type === 'textarea') return e.text();
  return e.attr('value') ?? (type === 'checkbox' ? 'on' : '');
}

function methodOf($: CheerioAPI, form: Element): string {
  return ($(form).attr('method') ?? 'GET').toUpperCase();
}

function actionOf($: CheerioAPI, form: Element, pageUrl: string): string {
  return new URL($(form).attr('action') ?? '', pageUrl).toString();
}

const cssString = (s: string) => JSON.stringify(s);

/** The most stable selector that picks exactly this form: id, then class, then action, then position. */
function selectorOf($: CheerioAPI, form: Element, index: number, all: Element[]): string {
  const unique = (sel: string) => $(sel).length === 1;
  const id = $(form).attr('id');
  if (id && unique(`form#${CSS_ID(id)}`)) return `form#${CSS_ID(id)}`;
  for (const cls of ($(form).attr('class') ?? '').split(/\s+/).filter(Boolean)) if (unique(`form.${CSS_ID(cls)}`)) return `form.${CSS_ID(cls)}`;
  // An action may carry a per-page token in its query: match its path only.
  const action = ($(form).attr('action') ?? '').split('?')[0]!;
  if (action && unique(`form[action^=${cssString(action)}]`)) return `form[action^=${cssString(action)}]`;
  return all.length === 1 ? 'form' : `form:eq(${index})`;
}

function linkSelector($: CheerioAPI, a: Element, href: string): string {
  const unique = (sel: string) => $(sel).length === 1;
  const id = $(a).attr('id');
  if (id && unique(`a#${CSS_ID(id)}`)) return `a#${CSS_ID(id)}`;
  for (const cls of ($(a).attr('class') ?? '').split(/\s+/).filter(Boolean)) if (unique(`a.${CSS_ID(cls)}`)) return `a.${CSS_ID(cls)}`;
  const path = href.split('?')[0]!;
  if (path && unique(`a[href^=${cssString(path)}]`)) return `a[href^=${cssString(path)}]`;
  return `a[href=${cssString(href)}]`;
}

/** An identifier as CSS needs it (ids and classes of real pages may contain any character). */
function CSS_ID(s: string): string {
  return s.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);
}
