import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { mulberry32 } from '../analysis/aaSimulation';
import { buildChunks, type ChunkConfig, type KbDocument, type RetrievalQuery } from './kb';
import type { Tokenizer } from '../analysis/chunkText';
import { log } from './log';
import { writeFileAtomically } from './output';
import { paths as projectPaths } from './paths';

const TITLES = [
  'Berserk',
  'Vinland Saga',
  'Frieren',
  'One Piece',
  'Chainsaw Man',
  'Spy x Family',
  'Mushishi',
  'Vagabond',
  'Dungeon Meshi',
  'Monster',
  'Blue Period',
  'Oshi no Ko',
  'Jujutsu Kaisen',
  'Pluto',
  'Yotsuba',
  'Kingdom',
  'Dorohedoro',
  'Dandadan',
  'Haikyu',
  'Nana',
];
const AUTHORS = [
  'Kentaro Miura',
  'Makoto Yukimura',
  'Kanehito Yamada',
  'Eiichiro Oda',
  'Tatsuki Fujimoto',
  'Tatsuya Endo',
  'Yuki Urushibara',
  'Takehiko Inoue',
  'Ryoko Kui',
  'Naoki Urasawa',
  'Tsubasa Yamaguchi',
  'Aka Akasaka',
  'Gege Akutami',
  'Naoki Urasawa',
  'Kiyohiko Azuma',
  'Yasuhisa Hara',
  'Q Hayashida',
  'Yukinobu Tatsu',
  'Haruichi Furudate',
  'Ai Yazawa',
];
const GENRES = [
  'dark fantasy',
  'historical drama',
  'fantasy adventure',
  'pirate adventure',
  'horror action',
  'spy comedy',
  'supernatural',
  'samurai drama',
  'cooking fantasy',
  'psychological thriller',
  'art school drama',
  'idol mystery',
  'occult action',
  'science fiction mystery',
  'slice of life',
  'war epic',
  'dark comedy',
  'paranormal comedy',
  'sports',
  'romance drama',
];
const PUBLISHERS = ['Dark Horse', 'Kodansha', 'VIZ Media', 'Yen Press', 'Seven Seas'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const FILLER = [
  'Readers often mention the clean lettering and the sturdy binding of this printing.',
  'The translation keeps the honorifics and adds short notes at the end of the book.',
  'Color pages from the magazine run are reproduced in the first pages.',
  'The cover art differs from the Japanese edition and uses a matte finish.',
  'Store staff recommend reading the series in order, starting from the first volume.',
  'Bonus sketches and an afterword by the author close the book.',
];
const COUNTRIES = ['Canada', 'Mexico', 'the United Kingdom', 'Australia', 'Japan', 'Germany', 'France', 'Brazil'];

const ADJECTIVES = [
  'gripping',
  'slow but rewarding',
  'beautifully drawn',
  'uneven',
  'heartbreaking',
  'funny',
  'tense',
  'a little confusing',
  'essential',
  'cozy',
];

const asinOf = (rand: () => number) =>
  `B0${Math.floor(rand() * 36 ** 8)
    .toString(36)
    .toUpperCase()
    .padStart(8, '0')}`;

/** FAQ articles: several questions answered in one article each. */
const FAQ_TOPICS: [string, string[]][] = [
  ['International shipping', COUNTRIES.map((c, i) => `Orders to ${c} arrive in ${4 + i} to ${8 + i} business days.`)],
  [
    'Gift cards',
    [
      'Gift cards never expire and can be combined with one promotional code.',
      'A gift card balance cannot be withdrawn as cash.',
      'Lost gift card codes can be reissued by support within 24 hours.',
    ],
  ],
  [
    'Preorders',
    [
      'Preorders are charged only when the volume ships.',
      'A preorder can be cancelled any time before it ships.',
      'Preorder prices are guaranteed: if the price drops before release you pay the lower price.',
    ],
  ],
  [
    'Payment methods',
    [
      'We accept Visa, Mastercard, American Express and PayPal.',
      'Store credit is applied before any card is charged.',
      'Payments in installments are available on orders above 100 dollars.',
    ],
  ],
  [
    'Digital editions',
    [
      'Digital editions can be read on up to five devices.',
      'Digital purchases are not refundable once opened.',
      'New digital volumes appear on the same day as print.',
    ],
  ],
  [
    'Box sets',
    [
      'Box sets include a collector slipcase and a poster.',
      'Box sets ship separately from other items in the order.',
      'Damaged slipcases are replaced without returning the books.',
    ],
  ],
  [
    'Order changes',
    [
      'The shipping address can be changed until the order is packed.',
      'Items can be added to an open order for 30 minutes after purchase.',
      'Split shipments are free when an item is delayed.',
    ],
  ],
  [
    'Membership',
    [
      'Members get free standard shipping on every order.',
      'Membership can be paused for up to three months a year.',
      'Members see new releases 48 hours before everyone else.',
    ],
  ],
];

/** Policies: longer documents with numbered sections. */
const POLICIES: [string, string[]][] = [
  [
    'Returns and refunds',
    [
      'Unopened volumes can be returned within 30 days of delivery for a full refund.',
      'Opened volumes can be exchanged for store credit within 14 days.',
      'Refunds reach the original payment method within 5 business days of receiving the return.',
      'Return shipping is free when the item arrived damaged or was not what was ordered.',
    ],
  ],
  [
    'Damaged and misprinted items',
    [
      'Report a damaged volume within 7 days of delivery with a photo of the damage.',
      'Misprinted books are replaced with a new copy from the next print run.',
      'If no replacement is available, the full price is refunded including shipping.',
    ],
  ],
  [
    'Privacy',
    [
      'We never sell customer data to third parties.',
      'Chat transcripts are kept for 90 days and then deleted.',
      'Customers can download or delete their data from the account page.',
    ],
  ],
  [
    'Price matching',
    [
      'We match the price of major retailers for the same new edition within 14 days of purchase.',
      'Price matching does not apply to marketplace sellers or used copies.',
    ],
  ],
  [
    'Age ratings',
    [
      'Volumes rated 18 and up require an adult account to purchase.',
      "Age ratings follow the publisher's guidance for the English edition.",
    ],
  ],
];

/**
 * The sample knowledge base and its 100 curated retrieval queries (US-5.3, US-5.4): product pages (one per volume of
 * twenty series), FAQ articles, policies and long editorial pieces, deterministic for a seed. Each query names its
 * relevant document and an answer span that document contains word for word, so its labels survive re-chunking.
 */
export function sampleKnowledgeBase(seed = 20261122): { documents: KbDocument[]; queries: RetrievalQuery[] } {
  const rand = mulberry32(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const documents: KbDocument[] = [];
  const queries: RetrievalQuery[] = [];
  // A review sentence: opinions that name other series and volumes, the noise a long product page carries.
  const review = (title: string) =>
    `A reader who ${pick(['loved', 'never finished', 'reread', 'collects'])} ${pick(TITLES)} found this ${title} book ${pick(ADJECTIVES)}, ${pick(['especially the middle chapters', 'though the pacing drags', 'and the print quality', 'more than the anime', 'in the new translation'])}.`;
  const q = (query: string, doc: string, span: string) =>
    queries.push({ query_id: `RQ-${String(queries.length + 1).padStart(3, '0')}`, query, relevant_doc_ids: [doc], answer_span: span });

  // Products: ten volumes of each series.
  const productFacts: { doc: string; title: string; vol: number; date: string; pages: number; format: string }[] = [];
  TITLES.forEach((title, t) => {
    for (let vol = 1; vol <= 10; vol++) {
      const id = `prod-${String(t + 1).padStart(2, '0')}-${String(vol).padStart(2, '0')}`;
      const date = `${pick(MONTHS)} ${1 + Math.floor(rand() * 28)}, ${2019 + Math.floor(rand() * 8)}`;
      const pages = 180 + Math.floor(rand() * 220);
      const format = rand() < 0.7 ? 'paperback' : 'hardcover deluxe';
      const price = (9.99 + Math.floor(rand() * 4) * 5).toFixed(2);
      const text =
        [
          `${title} volume ${vol} is a ${GENRES[t]} manga by ${AUTHORS[t]}, published in English by ${pick(PUBLISHERS)}.`,
          `This ${format} edition runs ${pages} pages and was released on ${date}.`,
          `In this volume the story ${pick(['takes a darker turn', 'slows down for character moments', 'opens a new arc', 'closes a long battle', 'introduces a rival'])}, and the art ${pick(['shifts to heavier inks', 'keeps its detailed backgrounds', 'uses more double spreads'])}.`,
          `The list price is $${price}; it is rated for readers ${pick(['13 and up', '16 and up', '18 and up'])}.`,
          pick(FILLER),
          pick(FILLER),
        ].join(' ') + `\n\nReader reviews.\n\n${Array.from({ length: 3 + Math.floor(rand() * 20) }, () => review(title)).join(' ')}`;
      documents.push({ doc_id: id, title: `${title} Vol. ${vol}`, source_type: 'product', asin: asinOf(rand), text });
      productFacts.push({ doc: id, title, vol, date, pages, format });
    }
  });
  // FAQ articles: several questions answered in one article each.
  FAQ_TOPICS.forEach(([topic, facts], i) => {
    const id = `faq-${String(i + 1).padStart(2, '0')}`;
    documents.push({
      doc_id: id,
      title: `FAQ: ${topic}`,
      source_type: 'faq',
      asin: null,
      text: `${topic}.\n\n${facts.join(' ')}\n\n${pick(FILLER)}`,
    });
  });
  // Policies: longer documents with numbered sections.
  POLICIES.forEach(([name, rules], i) => {
    const id = `policy-${String(i + 1).padStart(2, '0')}`;
    const body = rules.map((r, k) => `Section ${k + 1}. ${r} ${pick(FILLER)}`).join('\n\n');
    documents.push({ doc_id: id, title: `Policy: ${name}`, source_type: 'policy', asin: null, text: `${name} policy.\n\n${body}` });
  });
  // Editorial pieces: long guides. Guide e features two series (with the award each won) and mentions six others in
  // passing, so a fact sits deep inside a long document among paragraphs about other series.
  const editorialFacts: { doc: string; title: string; fact: string }[] = [];
  for (let e = 0; e < 10; e++) {
    const id = `editorial-${String(e + 1).padStart(2, '0')}`;
    const featured = [TITLES[e * 2]!, TITLES[e * 2 + 1]!];
    const mentioned = Array.from({ length: 6 }, (_, k) => TITLES[(e * 2 + 3 + k * 3) % TITLES.length]!).filter(
      (t) => !featured.includes(t),
    );
    const paragraphs = [
      ...featured.map((title) => {
        const fact = `${title} won the ${pick(['Kodansha Manga Award', 'Tezuka Osamu Cultural Prize', 'Eisner Award', 'Harvey Award'])} in ${2005 + Math.floor(rand() * 20)}`;
        editorialFacts.push({ doc: id, title, fact });
        return `${title}. ${fact}. ${pick(FILLER)} ${pick(FILLER)} ${review(title)} ${review(title)} Fans of ${GENRES[TITLES.indexOf(title)]} will find it ${pick(['hard to put down', 'rewarding on a second read', 'a good place to start'])}.`;
      }),
      ...mentioned.map((title) => `${title} is also worth a look. ${pick(FILLER)} ${review(title)} ${review(title)} ${review(title)}`),
    ];
    documents.push({
      doc_id: id,
      title: `Guide ${e + 1}: ${featured.join(' and ')}`,
      source_type: 'editorial',
      asin: null,
      text: `A reading guide.\n\n${paragraphs.join('\n\n')}`,
    });
  }
  documents.push({ doc_id: 'editorial-draft', title: 'Draft (empty)', source_type: 'editorial', asin: null, text: '' });

  // 100 queries: 50 product, 16 FAQ, 14 policy, 20 editorial.
  for (let k = 0; k < 50; k++) {
    const f = productFacts[(k * 37) % productFacts.length]!;
    if (k % 2 === 0) q(`Release date of ${f.title} volume ${f.vol}?`, f.doc, `released on ${f.date}`);
    else q(`How many pages is ${f.title} vol ${f.vol}?`, f.doc, `${f.pages} pages`);
  }
  const faqQuestions: [number, number, string][] = [
    [0, 0, 'How long does delivery to Canada take?'],
    [0, 4, 'Shipping time to Japan?'],
    [0, 6, 'Do you deliver to Brazil and how long?'],
    [1, 0, 'Do gift cards expire?'],
    [1, 2, 'I lost my gift card code'],
    [2, 0, 'When am I charged for a preorder?'],
    [2, 2, 'What if the price drops before my preorder ships?'],
    [3, 0, 'Which credit cards do you take?'],
    [3, 2, 'Can I pay in installments?'],
    [4, 0, 'How many devices can I read digital manga on?'],
    [5, 0, 'What comes with a box set?'],
    [5, 2, 'My box set slipcase is crushed'],
    [6, 0, 'Can I change my shipping address?'],
    [6, 1, 'Can I add a book to my order?'],
    [7, 0, 'Do members pay for shipping?'],
    [7, 1, 'Can I pause my membership?'],
  ];
  for (const [topic, fact, text] of faqQuestions) {
    const span = FAQ_TOPICS[topic]![1][fact]!.replace(/\.$/, '');
    q(text, `faq-${String(topic + 1).padStart(2, '0')}`, span);
  }
  const policyQuestions: [number, number, string][] = [
    [0, 0, 'Can I return an unopened manga?'],
    [0, 1, 'I opened the book, can I still exchange it?'],
    [0, 2, 'How long until my refund arrives?'],
    [0, 3, 'Who pays return shipping for a damaged item?'],
    [1, 0, 'My volume arrived damaged, what do I do?'],
    [1, 1, 'The pages are misprinted'],
    [1, 2, 'No replacement copy is available'],
    [2, 0, 'Do you sell my data?'],
    [2, 1, 'How long do you keep chat transcripts?'],
    [2, 2, 'How do I delete my data?'],
    [3, 0, 'Do you price match other stores?'],
    [3, 1, 'Will you match a marketplace seller price?'],
    [4, 0, "Why can't I buy an 18+ volume?"],
    [4, 1, 'Who decides the age rating?'],
  ];
  for (const [p, rule, text] of policyQuestions)
    q(text, `policy-${String(p + 1).padStart(2, '0')}`, POLICIES[p]![1][rule]!.replace(/\.$/, ''));
  for (let k = 0; k < 20; k++) {
    const f = editorialFacts[k]!;
    q(`Which award did ${f.title} win?`, f.doc, f.fact);
  }
  return { documents, queries };
}

/** The pool key of a series title, as queries/seed/04_requests.sql writes it: lower case, letters only. */
export const poolKey = (title: string) => title.toLowerCase().replace(/[^a-z]/g, '');

/**
 * Which chunks production retrieves, for the sample warehouse's `retrieved_chunk_ids`: the sample knowledge base cut
 * by the production chunking, each chunk repeated as often as it is retrieved (a chunk never repeated is never
 * retrieved: a dead chunk). One pool per series (its volumes' pages and the guides that feature it), `faq`, `policy`
 * and `catalog` (for titles the knowledge base does not hold). Turns before the last full week read the `early`
 * pools; the last week reads the `late` ones, where a planted retriever change searches product pages, FAQ and
 * policies only, so every guide's chunks stop being retrieved that week.
 *
 * What makes a chunk popular: a product page's first chunk (the facts; earlier volumes are asked about more); review
 * chunks deeper in a page are retrieved now and then or never; FAQ and policy chunks evenly.
 */
export function sampleChunkPools(
  production: ChunkConfig,
  tokenizer: Tokenizer,
  seed = 20261122,
): { pool: string; late: boolean; ids: string[] }[] {
  const { documents } = sampleKnowledgeBase(seed);
  const rand = mulberry32(seed + 1);
  const chunks = buildChunks({ documents }, production, tokenizer);
  const pools = new Map<string, { early: string[]; late: string[] }>();
  const add = (pool: string, id: string, copies: number, late: boolean) => {
    const p = pools.get(pool) ?? { early: [], late: [] };
    pools.set(pool, p);
    for (let i = 0; i < copies; i++) {
      p.early.push(id);
      if (late) p.late.push(id);
    }
  };
  for (const c of chunks) {
    const n = Number(c.id.slice(c.id.indexOf('#') + 1));
    const product = /^prod-(\d{2})-(\d{2})$/.exec(c.docId);
    const guide = /^editorial-(\d{2})$/.exec(c.docId);
    if (product) {
      const title = TITLES[Number(product[1]) - 1]!;
      const copies = n === 0 ? 14 - Number(product[2]) : rand() < 0.3 ? 0 : 1 + Math.floor(rand() * 3);
      add(poolKey(title), c.id, copies, true);
      if (n === 0) add('catalog', c.id, 1, true);
    } else if (guide) {
      const e = Number(guide[1]) - 1;
      const copies = rand() < 0.3 ? 0 : 1 + Math.floor(rand() * 2);
      for (const title of [TITLES[e * 2]!, TITLES[e * 2 + 1]!]) add(poolKey(title), c.id, copies, false);
      add('catalog', c.id, copies, false);
    } else if (c.docId.startsWith('faq-')) add('faq', c.id, 3, true);
    else if (c.docId.startsWith('policy-')) add('policy', c.id, 3, true);
  }
  return [...pools].flatMap(([pool, p]) => [
    { pool, late: false, ids: p.early },
    { pool, late: true, ids: p.late },
  ]);
}

/** Writes kb/documents.jsonl and kb/queries.jsonl under `dir` (each atomically); returns their paths. */
export function writeSampleKnowledgeBase(dir: string): { documents: string; queries: string } {
  const { documents, queries } = sampleKnowledgeBase();
  const kb = join(dir, 'kb');
  mkdirSync(kb, { recursive: true });
  const paths = { documents: join(kb, 'documents.jsonl'), queries: join(kb, 'queries.jsonl') };
  writeFileAtomically(paths.documents, `${documents.map((d) => JSON.stringify(d)).join('\n')}\n`);
  writeFileAtomically(paths.queries, `${queries.map((x) => JSON.stringify(x)).join('\n')}\n`);
  return paths;
}

/**
 * The sample knowledge base when a command's default names it and it is not there yet (a fresh clone): written as
 * `mangalab seed` writes it, so `experiment chunks` and `kb index` work before anything was seeded. Other paths are
 * left alone (a missing file of the user's is an input error where it is read).
 */
export function ensureSampleKnowledgeBase(...files: string[]): void {
  const sample = join(dirname(projectPaths.sampleWarehouse()), 'kb');
  if (files.some((f) => resolve(f).startsWith(`${sample}/`) && !existsSync(f))) {
    log.info(`No sample knowledge base at ${sample}: writing it.`);
    writeSampleKnowledgeBase(dirname(sample));
  }
}
