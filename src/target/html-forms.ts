/**
 * Reading forms and links out of target pages, the way a browser would submit them.
 */
import { load } from 'cheerio';

export interface HtmlForm {
  method: string;
  action: string;
  fields: Record<string, string>;
}

/**
 * Picks the form by selector, else the first form that has inputs for every configured field,
 * else the only form. Hidden inputs (CSRF tokens) come along with their values.
 */
export function findForm(html: string, pageUrl: string, selector: string | undefined, wanted: string[]): HtmlForm | { error: string } {
  const $ = load(html);
  const forms = $(selector ?? 'form').filter('form').toArray();
  if (forms.length === 0) return { error: selector ? `no form matches ${selector}` : 'the page has no form' };
  const names = (form: (typeof forms)[number]) => new Set($(form).find('input,select,textarea').toArray().map((e) => $(e).attr('name')));
  const form = forms.find((f) => wanted.every((w) => names(f).has(w))) ?? (forms.length === 1 || selector ? forms[0]! : undefined);
  if (!form) return { error: `no form on the page has inputs named ${wanted.join(', ')}` };
  const fields: Record<string, string> = {};
  $(form)
    .find('input,select,textarea')
    .each((_, el) => {
      const e = $(el);
      const name = e.attr('name');
      if (!name || e.is('[disabled]')) return;
      const type = (e.attr('type') ?? 'text').toLowerCase();
      if (['submit', 'button', 'image', 'reset', 'file'].includes(type)) return;
      if ((type === 'checkbox' || type === 'radio') && !e.is('[checked]')) return;
      if (el.tagName === 'select') fields[name] = e.find('option[selected]').attr('value') ?? e.find('option').first().attr('value') ?? '';
      else if (el.tagName === 'textarea') fields[name] = e.text();
      else fields[name] = e.attr('value') ?? (type === 'checkbox' ? 'on' : '');
    });
  const action = new URL($(form).attr('action') ?? '', pageUrl).toString();
  return { method: ($(form).attr('method') ?? 'GET').toUpperCase(), action, fields };
}

export function findLink(html: string, pageUrl: string, selector: string): string | { error: string } {
  const $ = load(html);
  const href = $(selector).first().attr('href');
  if (href === undefined) return { error: `no element matching ${selector} with an href` };
  return new URL(href, pageUrl).toString();
}
