import { InvalidVersionError } from "../../errors.js";
import type { VersionScheme } from "../types.js";

/**
 * Maven versions, ordered exactly as maven-artifact 3.8.x's `ComparableVersion` orders them.
 *
 * A version is lower-cased and split into a tree of items: `.` separates items of one list, `-`
 * and every switch between digits and letters open a nested list. Numbers compare numerically;
 * qualifiers order alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp
 * < any other qualifier (others among themselves lexically); `a1`, `b1`, `m1` (a letter directly
 * followed by a digit) mean alpha-1, beta-1, milestone-1. Trailing "null" items (0, "", ga, final,
 * release, empty lists) are dropped from every list, so 1 = 1.0 = 1-0 = 1.0.0-ga.
 *
 * Like ComparableVersion, the order is not transitive for some unusual shapes: a qualifier after a
 * "." in the middle ("1.a.0 < 1.alpha < 1 < 1.a.0") or a null item opening a "-" list that goes on
 * ("1-sp < 1-0-alpha < 1 < 1-sp"). Published versions do not take those shapes; the tests pin both.
 *
 * Only ASCII digits are digits here; Java also treats other Unicode decimal digits as digits
 * (`Character.isDigit`), which no published Maven version uses.
 */

const INT = 3;
const LONG = 4;
const BIG = 0;
const STRING = 1;
const LIST = 2;

/** A number item: `type` is INT (up to 9 digits), LONG (up to 18) or BIG, as in ComparableVersion. */
interface NumberItem {
  readonly type: typeof INT | typeof LONG | typeof BIG;
  /** Digits without leading zeros ("0" for zero): same-kind numbers compare by length, then text. */
  readonly digits: string;
}

/** A qualifier item, its alias already applied ("cr" -> "rc", "ga" -> ""). */
interface StringItem {
  readonly type: typeof STRING;
  readonly value: string;
  /** Index in alpha, beta, milestone, rc, snapshot, "", sp; 7 for any other qualifier. */
  readonly rank: number;
}

interface ListItem {
  readonly type: typeof LIST;
  readonly items: Item[];
}

type Item = NumberItem | StringItem | ListItem;

/** IntItem < LongItem < BigIntegerItem whatever their values (a value decides the kind). */
const NUMBER_KIND_ORDER: Readonly<Record<NumberItem["type"], number>> = { [INT]: 0, [LONG]: 1, [BIG]: 2 };

/** A parsed Maven version: the original text and its item tree. */
export interface MavenVersion {
  readonly original: string;
  readonly items: ListItem;
}

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE_RANK = 5;
const UNKNOWN_RANK = QUALIFIERS.length;
const ALIASES: Readonly<Record<string, string>> = { ga: "", final: "", release: "", cr: "rc" };

function stringItem(text: string, followedByDigit: boolean): StringItem {
  let value = text;
  if (followedByDigit && value.length === 1) {
    if (value === "a") value = "alpha";
    else if (value === "b") value = "beta";
    else if (value === "m") value = "milestone";
  }
  value = Object.hasOwn(ALIASES, value) ? (ALIASES[value] as string) : value;
  const i = QUALIFIERS.indexOf(value);
  return { type: STRING, value, rank: i < 0 ? UNKNOWN_RANK : i };
}

function numberItem(text: string): NumberItem {
  // ComparableVersion strips leading zeros but keeps an all-zero run whole, so its length decides
  // the item kind ("0000000000" is a LongItem of value 0).
  let i = 0;
  while (i < text.length - 1 && text.charCodeAt(i) === 48) i++;
  const kindText = i === text.length - 1 && text.charCodeAt(i) === 48 ? text : text.slice(i);
  const type = kindText.length <= 9 ? INT : kindText.length <= 18 ? LONG : BIG;
  return { type, digits: text.slice(i) };
}

function parseItem(isDigit: boolean, text: string): Item {
  return isDigit ? numberItem(text) : stringItem(text, false);
}

function isNull(item: Item): boolean {
  switch (item.type) {
    case STRING:
      return item.rank === RELEASE_RANK;
    case LIST:
      return item.items.length === 0;
    default:
      return item.digits === "0";
  }
}

/** Drops trailing null items, looking past nested lists as ComparableVersion does. */
function normalize(list: ListItem): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as Item;
    if (isNull(item)) items.splice(i, 1);
    else if (item.type !== LIST) break;
  }
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function parseItems(version: string): ListItem {
  const text = version.toLowerCase();
  const root: ListItem = { type: LIST, items: [] };
  let list = root;
  const stack: ListItem[] = [root];
  const open = (): void => {
    const next: ListItem = { type: LIST, items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */ || c === 45 /* - */) {
      list.items.push(i === start ? numberItem("0") : parseItem(isDigit, text.slice(start, i)));
      start = i + 1;
      if (c === 45) open();
    } else if (isAsciiDigit(c)) {
      if (!isDigit && i > start) {
        if (list.items.length > 0) open();
        list.items.push(stringItem(text.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(true, text.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (text.length > start) {
    // "1.0.0.x1" < "1.0.0-x2": a trailing qualifier after "." is treated as after "-".
    if (!isDigit && list.items.length > 0) open();
    list.items.push(parseItem(isDigit, text.slice(start)));
  }
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i] as ListItem);
  return root;
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: StringItem, b: StringItem): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.rank !== UNKNOWN_RANK) return 0;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** `item.compareTo(null)`: how an item compares with a missing one (the other list ran out). */
function compareToMissing(item: Item): number {
  switch (item.type) {
    case STRING:
      return item.rank < RELEASE_RANK ? -1 : item.rank > RELEASE_RANK ? 1 : 0;
    case LIST:
      for (let i = 0; i < item.items.length; i++) {
        const r = compareToMissing(item.items[i] as Item);
        if (r !== 0) return r;
      }
      return 0;
    default:
      return item.digits === "0" ? 0 : 1;
  }
}

function compareItems(a: Item, b: Item): number {
  switch (a.type) {
    case STRING:
      if (b.type === STRING) return compareStrings(a, b);
      return -1; // 1-alpha < 1-1 and 1.alpha < 1.1
    case LIST:
      if (b.type === STRING) return 1;
      if (b.type !== LIST) return -1;
      return compareLists(a, b);
    default:
      if (b.type === STRING || b.type === LIST) return 1;
      if (a.type !== b.type) return NUMBER_KIND_ORDER[a.type] < NUMBER_KIND_ORDER[b.type] ? -1 : 1;
      return compareDigits(a.digits, b.digits);
  }
}

function compareLists(a: ListItem, b: ListItem): number {
  const left = a.items;
  const right = b.items;
  const n = Math.max(left.length, right.length);
  for (let i = 0; i < n; i++) {
    const l = left[i];
    const r = right[i];
    const result =
      l === undefined
        ? 0 - compareToMissing(r as Item)
        : r === undefined
          ? compareToMissing(l)
          : compareItems(l, r);
    if (result !== 0) return result;
  }
  return 0;
}

function itemToString(item: Item): string {
  if (item.type === STRING) return item.value;
  if (item.type !== LIST) return item.digits;
  // Like ListItem.toString(): a separator only once something has been written.
  let out = "";
  for (const child of item.items) {
    if (out.length > 0) out += child.type === LIST ? "-" : ".";
    out += itemToString(child);
  }
  return out;
}

/**
 * The canonical form of a parsed version, as `ComparableVersion.getCanonical()` prints it
 * ("1.0-alpha1" -> "1-alpha-1", "1.0.0.RELEASE" -> "1").
 */
export function mavenCanonical(version: MavenVersion): string {
  return itemToString(version.items);
}

/** Maven (and Gradle, sbt, Ivy artifacts in Maven repositories). */
export const mavenScheme: VersionScheme<MavenVersion> = {
  name: "maven",
  parse(version: string, ecosystem: string): MavenVersion {
    if (version.trim() === "") {
      throw new InvalidVersionError(ecosystem, version, "a Maven version must not be empty");
    }
    return { original: version, items: parseItems(version) };
  },
  compareParsed(a: MavenVersion, b: MavenVersion): number {
    return compareLists(a.items, b.items);
  },
};
