/**
 * A tiny XML tree and its one serializer, so escaping happens in a single place instead of at every
 * string concatenation.
 */
import { visibleControls } from '../src/visible-text.js';

export interface XmlElement {
  name: string;
  attributes: Record<string, string | number | undefined>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export function element(name: string, attributes: XmlElement['attributes'] = {}, children: XmlNode[] = []): XmlElement {
  return { name, attributes, children };
}

function escapeText(text: string): string {
  // `>` too, so a target's `]]>` cannot end anything.
  return visibleControls(text).replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(value: string): string {
  // Tab and newline as references: a parser would otherwise normalize them to spaces.
  return escapeText(value).replace(/["\t\n]/g, (ch) => (ch === '"' ? '&quot;' : `&#${ch.charCodeAt(0)};`));
}

function serializeElement(node: XmlElement, indent: string): string {
  const attributes = Object.entries(node.attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
  const open = `${indent}<${node.name}${attributes}`;
  if (node.children.length === 0) return `${open}/>`;
  // Text is written inline so no indentation whitespace leaks into it.
  if (node.children.every((child) => typeof child === 'string')) return `${open}>${node.children.map((t) => escapeText(t)).join('')}</${node.name}>`;
  const inner = node.children.map((child) => (typeof child === 'string' ? indent + '  ' + escapeText(child) : serializeElement(child, indent + '  ')));
  return `${open}>\n${inner.join('\n')}\n${indent}</${node.name}>`;
}

export function serializeXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serializeElement(root, '')}\n`;
}
