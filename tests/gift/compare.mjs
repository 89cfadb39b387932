// Reads Soporte's GIFT files with an independent GIFT parser, gift-pegjs (npm), and
// with Soporte (`soporte certification check-gift FILE --json`), and checks that both
// read the same questions: type, name, [id:] and [tag:], category, text and its format,
// every answer with its grade and feedback, matching pairs, numbers with their
// tolerance, and general feedback. The files are this folder's `formato.gift` (every
// construct of the format) and the demo's question banks.
//
// What the two readers are known to do differently is put side by side first, not
// hidden: gift-pegjs folds runs of white space into one (Soporte keeps line breaks, as
// Moodle does), so texts are compared with white space folded on both sides; it names
// a true/false question's two feedbacks "true" and "false" in the order they are
// written, where Soporte (like Moodle) says which is for a wrong answer (the first) and
// which for the right one (the second), so both are compared in written order; it
// writes a missing-word question's text with the blank in it, so Soporte's text before
// and after the blank are joined the same way; and a numerical range lo..hi is compared
// as its middle and half width, as Moodle stores it.
//
// Plain Node script. Run from this directory after `npm ci`:
//
//   SOPORTE_BIN=/path/to/soporte node compare.mjs
//
// Exits non-zero on any difference.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse } from 'gift-pegjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const bin = process.env.SOPORTE_BIN || path.join(repo, 'target', 'debug', 'soporte');
const FILES = [
  path.join(here, 'formato.gift'),
  path.join(repo, 'crates', 'certification', 'demo', 'banco-basico.gift'),
];

const ws = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
const text = (t) => (t ? { format: t.format, text: ws(t.text) } : null);
const round = (n) => Math.round(n * 1e5) / 1e5;
const lastPart = (category) => (category ? category.split('/').pop().trim() : null);

// Soporte's reading, normalized.
function ours(q) {
  const k = q.kind;
  const out = {
    category: lastPart(q.category),
    title: q.name,
    id: q.id,
    tags: q.tags,
    stem: text(q.after != null
      ? { format: q.text.format, text: `${q.text.text} _____ ${q.after}` }
      : q.text),
    globalFeedback: text(q.general_feedback),
  };
  const answer = (a) => ({ grade: round(a.grade / 1e5), text: text(a.text), feedback: text(a.feedback) });
  switch (k.kind) {
    case 'true_false':
      return { ...out, type: 'TF', answer: k.answer, feedbacks: [text(k.wrong), text(k.right)] };
    case 'choice':
      return { ...out, type: 'MC', choices: k.answers.map(answer) };
    case 'short':
      return { ...out, type: 'Short', choices: k.answers.map(answer) };
    case 'matching':
      return { ...out, type: 'Matching', pairs: k.pairs.map(([left, right]) => [text(left), ws(right)]) };
    case 'numerical':
      return {
        ...out,
        type: 'Numerical',
        numbers: k.answers.map((a) => ({
          grade: round(a.grade / 1e5), value: round(a.value), tolerance: round(a.tolerance), feedback: text(a.feedback),
        })),
      };
    case 'essay':
      return { ...out, type: 'Essay' };
    case 'description':
      return { ...out, type: 'Description', globalFeedback: null };
    default:
      throw new Error(`unknown kind ${k.kind}`);
  }
}

// A gift-pegjs number: its value and tolerance.
function number(n) {
  switch (n.type) {
    case 'simple': return { value: round(n.number), tolerance: 0 };
    case 'range': return { value: round(n.number), tolerance: round(n.range) };
    case 'high-low': return {
      value: round((n.numberHigh + n.numberLow) / 2), tolerance: round((n.numberHigh - n.numberLow) / 2),
    };
    default: throw new Error(`unknown number ${JSON.stringify(n)}`);
  }
}

// gift-pegjs's reading, normalized; `category` is the last Category item's.
function theirs(q, category) {
  const out = {
    category: lastPart(category),
    title: q.title == null ? null : ws(q.title),
    id: q.id ?? null,
    tags: q.tags ?? [],
    stem: text(q.stem),
    globalFeedback: text(q.globalFeedback ?? null),
  };
  const grade = (c) => round(c.weight ?? (c.isCorrect ? 100 : 0));
  const answer = (c) => ({ grade: grade(c), text: text(c.text), feedback: text(c.feedback) });
  switch (q.type) {
    case 'TF':
      return { ...out, type: 'TF', answer: q.isTrue, feedbacks: [text(q.trueFeedback), text(q.falseFeedback)] };
    case 'MC':
    case 'Short':
      return { ...out, type: q.type, choices: q.choices.map(answer) };
    case 'Matching':
      return { ...out, type: 'Matching', pairs: q.matchPairs.map((p) => [text(p.subquestion), ws(p.subanswer)]) };
    case 'Numerical': {
      const choices = Array.isArray(q.choices)
        ? q.choices.map((c) => ({ grade: grade(c), ...number(c.text), feedback: text(c.feedback) }))
        : [{ grade: 100, ...number(q.choices), feedback: null }];
      return { ...out, type: 'Numerical', numbers: choices };
    }
    case 'Essay':
      return { ...out, type: 'Essay' };
    case 'Description':
      return { ...out, type: 'Description', globalFeedback: null };
    default:
      throw new Error(`unknown type ${q.type}`);
  }
}

let failed = 0;
let compared = 0;
for (const file of FILES) {
  const source = readFileSync(file, 'utf8');
  const json = execFileSync(bin, ['certification', 'check-gift', file, '--json'], {
    env: { ...process.env, LANG: 'C.UTF-8' }, encoding: 'utf8',
  });
  const left = JSON.parse(json).map(ours);
  const right = [];
  let category = null;
  for (const item of parse(source)) {
    if (item.type === 'Category') category = item.title;
    else right.push(theirs(item, category));
  }
  const name = path.relative(repo, file);
  if (left.length !== right.length) {
    console.log(`FAIL ${name}: Soporte reads ${left.length} questions, gift-pegjs ${right.length}`);
    failed++;
    continue;
  }
  for (let i = 0; i < left.length; i++) {
    const a = JSON.stringify(left[i]);
    const b = JSON.stringify(right[i]);
    compared++;
    if (a !== b) {
      failed++;
      console.log(`FAIL ${name}, question ${i + 1} (${left[i].title ?? left[i].stem.text}):\n  Soporte:    ${a}\n  gift-pegjs: ${b}`);
    }
  }
  console.log(`${name}: ${left.length} questions read alike by both`);
}
if (failed) {
  console.log(`GIFT comparison FAILED: ${failed} difference(s)`);
  process.exit(1);
}
console.log(`GIFT comparison passed: ${compared} questions, both readers agree`);
