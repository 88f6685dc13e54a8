/**
 * A loader for the public TMDB 5000 CSVs (Kaggle "tmdb/tmdb-movie-metadata": tmdb_5000_movies.csv
 * and tmdb_5000_credits.csv), for users who download them under TMDb's and Kaggle's terms. They
 * are never bundled (seeds.md section e: the licence chain is not clean enough to ship).
 * Wang & Blei's filter as seeds.md records it: actors in >= 10 films; films with revenue and
 * budget > 0 and a runtime. Outcome: standardised log revenue. Covariates (M2): the 9 most
 * frequent genres, a Marvel Studios indicator (production company id 420, the franchise),
 * standardised log budget, runtime.
 */
import { readFileSync } from "node:fs";
import type { Movies } from "./data";

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes (the JSON columns do). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field); field = "";
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ""])));
}

export interface TmdbData { movies: Movies; actorNames: string[]; titles: string[]; genreNames: string[]; marvelId: number }
export const MARVEL_STUDIOS = 420;

export function tmdbFromText(moviesText: string, creditsText: string, minFilms = 10): TmdbData {
  const movies = records(moviesText), credits = new Map(records(creditsText).map((r) => [r.movie_id, r]));
  for (const col of ["id", "revenue", "budget", "runtime", "genres", "production_companies"]) if (movies.length && !(col in movies[0])) throw new Error(`tmdb movies file: no column ${col}`);
  const kept = movies.filter((m) => Number(m.revenue) > 0 && Number(m.budget) > 0 && Number(m.runtime) > 0 && credits.has(m.id));
  const castOf = kept.map((m) => (JSON.parse(credits.get(m.id)!.cast || "[]") as { name: string }[]).map((c) => c.name));
  const films = new Map<string, number>();
  for (const c of castOf) for (const a of new Set(c)) films.set(a, (films.get(a) ?? 0) + 1);
  const actorNames = [...films].filter(([, n]) => n >= minFilms).map(([a]) => a).sort();
  const index = new Map(actorNames.map((a, j) => [a, j]));
  const genreCount = new Map<string, number>();
  const genresOf = kept.map((m) => (JSON.parse(m.genres || "[]") as { name: string }[]).map((g) => g.name));
  for (const g of genresOf) for (const x of g) genreCount.set(x, (genreCount.get(x) ?? 0) + 1);
  const genreNames = [...genreCount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 9).map(([g]) => g);
  const std = (v: number[]) => { const m = v.reduce((s, x) => s + x, 0) / v.length; const s = Math.sqrt(v.reduce((t, x) => t + (x - m) ** 2, 0) / v.length) || 1; return Float64Array.from(v, (x) => (x - m) / s); };
  const cast = castOf.map((c) => [...new Set(c.filter((a) => index.has(a)).map((a) => index.get(a)!))].sort((a, b) => a - b));
  const result: Movies = {
    config: { movies: kept.length, actors: actorNames.length, factors: genreNames.length + 1, actorsPerMovie: 0, franchiseShare: 0, franchiseActors: 0, leeOutside: 0, seed: 0 },
    cast,
    y: std(kept.map((m) => Math.log(Number(m.revenue)))),
    genres: genresOf.map((g) => Uint8Array.from(genreNames, (n) => (g.includes(n) ? 1 : 0))),
    franchise: Uint8Array.from(kept, (m) => ((JSON.parse(m.production_companies || "[]") as { id: number }[]).some((p) => p.id === MARVEL_STUDIOS) ? 1 : 0)),
    budget: std(kept.map((m) => Math.log(Number(m.budget)))),
    runtime: Float64Array.from(kept, (m) => Number(m.runtime)),
  };
  return { movies: result, actorNames, titles: kept.map((m) => m.title), genreNames, marvelId: MARVEL_STUDIOS };
}

export function loadTmdb(moviesFile: string, creditsFile: string, minFilms = 10): TmdbData {
  return tmdbFromText(readFileSync(moviesFile, "utf8"), readFileSync(creditsFile, "utf8"), minFilms);
}
