// Writes test/fixtures/pii-labelled.jsonl: the labelled messages redactPii is measured on (docs/privacy.md). Each
// line is { id, lang, text, pii: [{ kind, text }] } where every personal item is labelled with the exact text that
// must not survive redaction, and `keep` lists text that must survive (order numbers, ISBNs, prices, titles). The
// messages are synthetic, written from templates a manga store's customers use in English and Japanese, with the
// formats of the markets the store serves (US, Japan); nothing in it is real customer data. Deterministic (seeded).
// Usage: node --import tsx scripts/pii-labelled-set.ts
import { writeFileSync } from 'node:fs';

let state = 20261201;
const rnd = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
const wide = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/-/g, '－');

type Item = { kind: 'email' | 'phone' | 'address' | 'name' | 'card' | 'ssn'; text: string };
interface Message {
  id: string;
  lang: 'en' | 'ja';
  text: string;
  pii: Item[];
  keep: string[];
}

const JP_SURNAMES = ['山田', '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '中村', '小林', '加藤', '吉田', '山本'];
const JP_GIVEN = ['太郎', '花子', '健太', '美咲', '翔', '陽菜', '大輔', 'さくら', 'ゆい', '拓海'];
const ROMAN_SURNAMES = ['Yamada', 'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Ito', 'Watanabe', 'Nakamura', 'Kobayashi'];
const ROMAN_GIVEN = ['Taro', 'Hanako', 'Kenta', 'Misaki', 'Sho', 'Hina', 'Daisuke', 'Sakura', 'Yui'];
const PLACES: [string, string, string, string][] = [
  // prefecture, municipality, district, romanised "District, Ward-ku, City"
  ['東京都', '渋谷区', '神宮前', 'Jingumae, Shibuya-ku, Tokyo'],
  ['東京都', '新宿区', '西新宿', 'Nishishinjuku, Shinjuku-ku, Tokyo'],
  ['大阪府', '大阪市北区', '梅田', 'Umeda, Kita-ku, Osaka'],
  ['神奈川県', '横浜市中区', '山下町', 'Yamashitacho, Naka-ku, Yokohama'],
  ['北海道', '札幌市中央区', '大通西', 'Odorinishi, Chuo-ku, Sapporo'],
  ['愛知県', '名古屋市中村区', '名駅', 'Meieki, Nakamura-ku, Nagoya'],
  ['福岡県', '福岡市博多区', '博多駅前', 'Hakataekimae, Hakata-ku, Fukuoka'],
  ['京都府', '京都市下京区', '烏丸通', 'Karasuma, Shimogyo-ku, Kyoto'],
  ['埼玉県', 'さいたま市大宮区', '桜木町', 'Sakuragicho, Omiya-ku, Saitama'],
  ['千葉県', '千葉市美浜区', '中瀬', 'Nakase, Mihama-ku, Chiba'],
];
const TITLES = [
  'ONE PIECE',
  '進撃の巨人',
  '鬼滅の刃',
  '呪術廻戦',
  '東京卍リベンジャーズ',
  'SPY×FAMILY',
  'チェンソーマン',
  'Berserk',
  'Naruto',
  '東京喰種',
];
const US_STREETS = ['Baker Street', 'Ocean View Dr', 'Maple Avenue', 'Sunset Blvd', 'Pine St', 'Elm Road'];

const postal = () => `${digits(3)}-${digits(4)}`;
const chome = () => `${1 + Math.floor(rnd() * 5)}-${1 + Math.floor(rnd() * 30)}-${1 + Math.floor(rnd() * 20)}`;
const jpMobile = () => {
  const n = `${pick(['070', '080', '090'])}-${digits(4)}-${digits(4)}`;
  const form = rnd();
  return form < 0.5 ? n : form < 0.7 ? n.replace(/-/g, '') : form < 0.85 ? n.replace(/-/g, ' ') : wide(n);
};
const jpLandline = () =>
  pick([
    `03-${digits(4)}-${digits(4)}`,
    `06-${digits(4)}-${digits(4)}`,
    `045-${digits(3)}-${digits(4)}`,
    `011-${digits(3)}-${digits(4)}`,
    `0120-${digits(3)}-${digits(3)}`,
  ]);
const intl = () => `+81 ${pick(['90', '80', '3'])}-${digits(4)}-${digits(4)}`;
const email = () =>
  `${pick(ROMAN_GIVEN).toLowerCase()}.${pick(ROMAN_SURNAMES).toLowerCase()}${digits(2)}@${pick(['example.jp', 'mail.example.com', 'docomo.example.ne.jp'])}`;
const jpName = () => `${pick(JP_SURNAMES)}${pick(JP_GIVEN)}`;
const romanName = () => `${pick(ROMAN_GIVEN)} ${pick(ROMAN_SURNAMES)}`;
const orderId = () => pick([`#A-${digits(4)}`, `${digits(3)}-${digits(4)}`, `注文番号${digits(3)}-${digits(7)}`]);
const isbn = () => `978-4-${digits(2)}-${digits(6)}-${digits(1)}`;
const volume = () => `${1 + Math.floor(rnd() * 110)}`;

const out: Message[] = [];
const add = (lang: Message['lang'], text: string, pii: Item[], keep: string[] = []) =>
  out.push({ id: `PII-${String(out.length + 1).padStart(4, '0')}`, lang, text, pii, keep });

for (let i = 0; i < 70; i++) {
  const [pref, city, district] = pick(PLACES);
  const name = jpName();
  const addr = `${rnd() < 0.6 ? `〒${postal()} ` : ''}${pref}${city}${district}${rnd() < 0.5 ? chome() : wide(chome())}`;
  const t = pick(TITLES);
  const form = i % 3;
  if (form === 0)
    add(
      'ja',
      `${t}の${volume()}巻を、${addr} ${name}様宛に送ってください。`,
      [
        { kind: 'address', text: addr },
        { kind: 'name', text: name },
      ],
      [t],
    );
  else if (form === 1) add('ja', `配送先を変更したいです。新しい住所は${addr}です。`, [{ kind: 'address', text: addr }], []);
  else
    add(
      'ja',
      `${name}です。${addr}に届くはずの${t}がまだ来ません。`,
      [
        { kind: 'name', text: name },
        { kind: 'address', text: addr },
      ],
      [t],
    );
}
for (let i = 0; i < 50; i++) {
  const [, , , roman] = pick(PLACES);
  const name = romanName();
  const addr = `${chome()} ${roman}${rnd() < 0.5 ? ` ${postal()}` : ''}`;
  const t = pick(TITLES);
  if (i % 2)
    add(
      'en',
      `Please ship ${t} vol. ${volume()} to ${name}, ${addr}, Japan.`,
      [
        { kind: 'name', text: name },
        { kind: 'address', text: addr },
      ],
      [t],
    );
  else add('en', `My new address is ${addr}. The order ${orderId()} should go there.`, [{ kind: 'address', text: addr }]);
}
for (let i = 0; i < 90; i++) {
  const phone = i % 3 === 0 ? jpLandline() : i % 3 === 1 ? jpMobile() : intl();
  const form = i % 4;
  if (form === 0) add('ja', `配達の件で${phone}まで電話をください。`, [{ kind: 'phone', text: phone }]);
  else if (form === 1) add('ja', `連絡先: ${phone}（平日のみ）`, [{ kind: 'phone', text: phone }]);
  else if (form === 2) add('en', `Call me on ${phone} when the ${pick(TITLES)} box set is back.`, [{ kind: 'phone', text: phone }]);
  else add('en', `You can text ${phone} about order ${orderId()}.`, [{ kind: 'phone', text: phone }]);
}
for (let i = 0; i < 40; i++) {
  const e = email();
  add(i % 2 ? 'ja' : 'en', i % 2 ? `領収書は${e}に送ってください。` : `Send the invoice to ${e}, thanks.`, [{ kind: 'email', text: e }]);
}
for (let i = 0; i < 30; i++) {
  const street = `${1 + Math.floor(rnd() * 9000)} ${pick(US_STREETS)}`;
  const phone = `(${digits(3)}) ${digits(3)}-${digits(4)}`;
  add('en', `Ship to ${street} and call ${phone} if nobody answers.`, [
    { kind: 'address', text: street },
    { kind: 'phone', text: phone },
  ]);
}
// Harder forms: 03(1234)5678, addresses in kanji numerals, romanised names with no mark (known misses, kept).
const KANJI = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
for (let i = 0; i < 45; i++) {
  const form = i % 3;
  if (form === 0) {
    const phone = `0${pick(['3', '6', '45', '52'])}(${digits(4)})${digits(4)}`;
    add('ja', `自宅の番号は${phone}です。`, [{ kind: 'phone', text: phone }]);
  } else if (form === 1) {
    const [pref, city, district] = pick(PLACES);
    const addr = `${pref}${city}${district}${pick(KANJI)}丁目${1 + Math.floor(rnd() * 20)}番${1 + Math.floor(rnd() * 9)}号`;
    add('ja', `送り先は${addr}でお願いします。`, [{ kind: 'address', text: addr }]);
  } else {
    const name = romanName();
    add('en', `Hi, this is ${name}. Where is my ${pick(TITLES)} order?`, [{ kind: 'name', text: name }]);
  }
}
// Messages with no personal data, with the lookalikes a manga store's text is full of.
const NEGATIVES: (() => [string, string[]])[] = [
  () => {
    const o = orderId();
    return [`注文${o}の発送状況を教えてください。`, [o]];
  },
  () => {
    const b = isbn();
    return [`ISBN ${b} の在庫はありますか？`, [b]];
  },
  () => {
    const v = volume();
    const t = pick(TITLES);
    return [`${t} 第${v}巻はいつ発売ですか？ 2026年11月${1 + Math.floor(rnd() * 28)}日と聞きました。`, [t, `第${v}巻`]];
  },
  () => {
    const p = `¥${1 + Math.floor(rnd() * 9)},${digits(3)}`;
    return [`合計${p}（税込）で合っていますか？`, [p]];
  },
  () => {
    const a = `B0${digits(8)}`;
    return [`ASIN ${a} is listed twice in my cart.`, [a]];
  },
  () => {
    const o = orderId();
    return [`Order ${o} arrived with a bent cover on volume ${volume()}.`, [o]];
  },
  () => ['東京都内の店舗でも受け取れますか？', ['東京都内']],
  () => ['大阪府に住んでいますが、送料はいくらですか？', ['大阪府']],
  () => {
    const t = `${10 + Math.floor(rnd() * 12)}:${digits(1)}0`;
    return [`Is the ${pick(TITLES)} signing at ${t} still on?`, [t]];
  },
  () => {
    const j = `49${digits(11)}`;
    return [`JANコード${j}の商品が見つかりません。`, [j]];
  },
  () => ['「銀河鉄道999」の愛蔵版を探しています。', ['銀河鉄道999']],
  () => ['Do you ship to Shibuya, or only within Tokyo?', ['Shibuya', 'Tokyo']],
];
for (let i = 0; i < 250; i++) {
  const [text, keep] = NEGATIVES[i % NEGATIVES.length]!();
  add(/[\u3040-\u30ff\u4e00-\u9fff]/.test(text) ? 'ja' : 'en', text, [], keep);
}
writeFileSync('test/fixtures/pii-labelled.jsonl', `${out.map((m) => JSON.stringify(m)).join('\n')}\n`);
process.stdout.write(`${out.length} messages, ${out.reduce((s, m) => s + m.pii.length, 0)} labelled items\n`);
