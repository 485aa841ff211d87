/*
 * Occupation Profiles: search ranking. Sphinx's `html_search_scorer` (occprofiles/publish/search.py): Sphinx
 * puts it into language_data.js, which loads after searchtools.js. Its data, OCCPROFILES_SEARCH (title,
 * codes, employment and O*NET alternate titles per chapter), is _static/occprofiles-search-data.js,
 * which the search page loads; elsewhere every result keeps Sphinx's score.
 *
 * A chapter that Sphinx's search found is ranked by how the query matches it, best first:
 *   7  its SOC code or one of its O*NET-SOC codes ("11-9111", "11-9111.00")
 *   6  its title, exactly ("medical and health services managers")
 *   5  a phrase of its title ("nurse" in "Registered Nurses", "truck driver" in "... Truck Drivers")
 *   4  one of its O*NET specialties or alternate titles, exactly ("RN", "CDL driver", "trucker")
 *   3  every word of the query in its title, in any order
 *   2  a phrase of one of its alternate titles
 *   1  every word of the query in one of its alternate titles
 * and, within a tier, by employment (largest first), then by title.
 * Words are compared as Sphinx compares them: lower case, stemmed, stop words left out. Every other
 * result (a chapter that matches in its text only, a section, a page that is not a chapter) keeps
 * Sphinx's own score, below every chapter that is in a tier.
 */
var Scorer = {
  // Sphinx's defaults (searchtools.js), kept: the search reads them.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  score: (result) => OccupationSearch.score(result),
};

var OccupationSearch = (() => {
  const CODE_QUERY = /^(\d\d-\d{4})(\.\d\d)?$/;
  const TIER = 1e12; // one tier outweighs any employment and any of Sphinx's scores (at most 100) x 1e8
  const SPHINX = 1e8;

  let stemmer = null;
  const chapters = new Map(); // docname -> the chapter's data, with its words
  let query = null;
  let queryCode = null;
  let queryWords = [];

  const words = (text) => {
    if (stemmer === null) stemmer = new Stemmer();
    return text
      .toLowerCase()
      .split(/[^\p{Letter}\p{Number}]+/u)
      .filter((word) => word && stopwords.indexOf(word) === -1)
      .map((word) => stemmer.stemWord(word));
  };
  const same = (a, b) => a.length === b.length && a.every((word, i) => word === b[i]);
  const hasPhrase = (text, phrase) => {
    for (let start = 0; start + phrase.length <= text.length; start++)
      if (phrase.every((word, i) => text[start + i] === word)) return true;
    return false;
  };
  const hasAll = (text, wanted) => wanted.every((word) => text.includes(word));

  const chapter = (docname) => {
    if (chapters.has(docname)) return chapters.get(docname);
    const data = typeof OCCPROFILES_SEARCH !== "undefined" ? OCCPROFILES_SEARCH[docname] : undefined;
    const found = data && {
      codes: new Set(data.codes),
      employment: data.employment || 0,
      title: words(data.title),
      aliases: data.aliases.map(words).filter((alias) => alias.length > 0),
    };
    chapters.set(docname, found);
    return found;
  };

  const readQuery = () => {
    const fromUrl = new URLSearchParams(window.location.search).get("q");
    const box = document.querySelector('input[name="q"]');
    const text = (fromUrl !== null ? fromUrl : box ? box.value : "").trim();
    if (text === query) return;
    query = text;
    const code = CODE_QUERY.exec(text);
    queryCode = code ? code[1] + (code[2] || "") : null;
    queryWords = words(text);
  };

  const tier = ({ codes, title, aliases }) => {
    if (queryCode !== null) return codes.has(queryCode) ? 7 : 0;
    if (queryWords.length === 0) return 0;
    if (same(title, queryWords)) return 6;
    if (hasPhrase(title, queryWords)) return 5;
    if (aliases.some((alias) => same(alias, queryWords))) return 4;
    if (hasAll(title, queryWords)) return 3;
    if (aliases.some((alias) => hasPhrase(alias, queryWords))) return 2;
    if (aliases.some((alias) => hasAll(alias, queryWords))) return 1;
    return 0;
  };

  const score = (result) => {
    const [docname, , anchor, , sphinxScore] = result;
    readQuery();
    const found = anchor ? undefined : chapter(docname); // a section of a chapter ranks as Sphinx ranks it
    if (!found) return sphinxScore * SPHINX;
    const t = tier(found);
    return (t > 0 ? t * TIER : sphinxScore * SPHINX) + found.employment;
  };

  return { score, words };
})();
