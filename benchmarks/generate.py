"""Deterministic, realistic synthetic reading lists for the benchmarks.

Paper `i` depends only on `seed` and `i`: paper 17 of a 1,000-paper list is paper 17 of a
10,000-paper list, so page sizes and timings compare the same papers across sizes. Every
name, venue and link host is invented (people's names are built from neutral word lists).

    write_reading_list(root, 1000)   # root/papers/*.md, root/papers/themes.yml, docs/, mkdocs.yml

The same `PaperRecord`s feed the Material and Hugo baselines (see `baselines.py`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SLUG_MAX = 80
MAX_PAPERS = 99_999  # arXiv numbers are a bijection of the paper's index below this
FIRST_ADDED = dt.date(2022, 11, 1)  # `added` dates spread over four years ...
LAST_ADDED = dt.date(2026, 10, 31)  # ... and never later than this (never in the future)
FIRST_ARXIV = dt.date(2015, 1, 1)  # five-digit new-style arXiv numbers start in 2015
ZIPF_EXPONENT = 1.0

# ---------------------------------------------------------------------------------------
# The taxonomy: 10 themes, 60 tags (a few tags belong to two themes).
# ---------------------------------------------------------------------------------------

THEMES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "negative-sampling": (
        "Negative sampling and hard negatives",
        "How the choice of negatives, and the false negatives hiding among them, shapes "
        "what a model learns.",
        ("negative-sampling", "hard-negatives", "false-negatives", "in-batch-negatives",
         "negative-mining", "importance-sampling")),
    "contrastive-representations": (
        "Contrastive representation learning",
        "Pulling positive pairs together and pushing negatives apart.",
        ("contrastive-learning", "hard-negatives", "self-supervised-learning",
         "metric-learning", "data-augmentation", "multimodal-learning")),
    "alignment-and-preferences": (
        "Alignment and preference learning",
        "Steering models with preferred and dispreferred responses and negative feedback.",
        ("alignment", "preference-optimization", "negative-feedback", "reward-modeling",
         "unlearning", "red-teaming")),
    "guidance-and-generation": (
        "Negative prompts and guidance",
        "Pushing generation away from what is unwanted at inference time.",
        ("negative-prompts", "classifier-free-guidance", "diffusion-models", "prompting",
         "decoding-strategies", "text-to-image")),
    "robustness-and-noise": (
        "Robustness and noisy supervision",
        "Learning when labels are wrong, missing or adversarial.",
        ("noisy-labels", "label-smoothing", "adversarial-examples", "distribution-shift",
         "out-of-distribution-detection", "positive-unlabeled-learning")),
    "bias-fairness-and-harm": (
        "Bias, fairness and harm",
        "Measuring and addressing biased, unfair or harmful behaviour and content.",
        ("bias", "fairness", "harmful-content", "toxicity", "privacy", "calibration")),
    "datasets-and-benchmarks": (
        "Datasets, benchmarks and evaluation",
        "New datasets and benchmarks, and tests of whether results hold up.",
        ("datasets", "benchmarks", "reproducibility", "evaluation-metrics", "annotation",
         "synthetic-data")),
    "retrieval-and-recommendation": (
        "Retrieval and recommendation",
        "Ranking documents, items and answers with negatives drawn from huge pools.",
        ("dense-retrieval", "recommendation", "learning-to-rank", "question-answering",
         "knowledge-graphs", "negative-sampling")),
    "efficiency-and-compression": (
        "Efficiency and compression",
        "Doing the same with fewer parameters, less data or less compute.",
        ("model-compression", "knowledge-distillation", "quantization", "pruning",
         "efficient-training", "sparse-models")),
    "theory-and-analysis": (
        "Theory and analysis",
        "Why negatives help or hurt: bounds, dynamics and the geometry of learned spaces.",
        ("generalization-bounds", "optimization-dynamics", "negative-transfer",
         "representation-geometry", "sample-complexity", "causal-inference")),
}


def tag_slugs() -> list[str]:
    """Every declared tag once, in the order the themes first name them."""
    return list(dict.fromkeys(tag for *_, tags in THEMES.values() for tag in tags))


def tag_description(tag: str) -> str:
    """A one-line description of a tag, made from its words."""
    return f"Papers about {tag.replace('-', ' ')}, and what negatives do there."


def write_themes(path: Path) -> None:
    """Write `themes.yml`: every theme with title, description and tags, then `tags:`."""
    lines = ["themes:"]
    for slug, (title, description, tags) in THEMES.items():
        lines += [f"  {slug}:", f"    title: {json.dumps(title)}",
                  f"    description: {json.dumps(description)}",
                  f"    tags: [{', '.join(tags)}]"]
    lines.append("tags:")
    lines += [f"  {tag}: {json.dumps(tag_description(tag))}" for tag in tag_slugs()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------

FIRST_NAMES = """Ada Alan Bram Cleo Dara Eli Fenna Gil Hana Ivo Jana Kai Lena Milo Nora Otto
Pia Quin Rosa Sami Tove Uma Vito Wren Xena Yuki Zeno Aino Bea Cyril Dita Emre Flo Greta Hugo
Iris Joss Kira Lio Mara Nico Oona Pavel Rhea Sven Tala Ugo Vera Wim Renée Søren Zoé Björn
Inés Ayşe Łucja Chiara Mateus""".split()
LAST_NAMES = """Example Sample Placeholder Lantern Meadowfield Harborline Quillstone Birchwood
Cobblestone Fernhill Marbleton Orchardson Pebbleford Ridgecrest Sparrowfield Thistledown
Willowmere Amberley Brookhaven Copperfield Driftwood Elmstead Foxglove Glimmerton Hazelby
Ironwood Juniperson Kettlewell Larkspur Mossgrove Nettlefield Oakhurst Primrose Quarrymoor
Rushbrook Saltmarsh Tinderbox Underhill Valewright Wheatley Yarrowby Zephyrine Ashgrove
Bramblewood Cinderford Dovetail Everbright Fallowmere Gorseland Heathwick Inkwell Jasperly
Kestrelton Lindenholm Maplethorpe Northwood Otterburn Pinecombe Quaystone Rowanleigh
Silverbirch Tidewater""".split()

ADJECTIVES = """robust efficient scalable contrastive adaptive hierarchical sparse dense
self-supervised multimodal generative discriminative calibrated fair interpretable
lightweight unsupervised semi-supervised adversarial causal probabilistic implicit explicit
hard soft noisy structured cross-lingual few-shot zero-shot continual federated
parameter-efficient uncertainty-aware label-efficient negative-aware""".split()
NOUNS = """negatives representations embeddings retrieval alignment preferences rewards
guidance prompts diffusion transformers graphs labels rankings recommendations benchmarks
datasets classifiers encoders decoders objectives losses gradients samplers distillation
quantization pruning unlearning feedback augmentation calibration fairness bias toxicity
retrievers critics policies agents tokens features clusters prototypes margins priors
supervision pretraining finetuning evaluation annotations explanations""".split()
TASKS = """image classification|dense passage retrieval|question answering|text-to-image
generation|sequential recommendation|entity linking|speech recognition|code generation|
machine translation|visual grounding|medical image segmentation|sentiment analysis|
knowledge graph completion|object detection|document ranking|dialogue systems|
summarization|anomaly detection|molecular property prediction|time series forecasting"""
TASKS = [t.strip().replace("\n", " ") for t in TASKS.split("|")]
CONNECTORS = "for with via under in from beyond without through against".split()
TITLE_OPENERS = ["Towards", "Rethinking", "On the Role of", "Learning", "Revisiting",
                 "Understanding", "Beyond", "Scaling", "Mitigating", "A Study of"]
VERBS = """improves reduces stabilizes outperforms matches recovers preserves exposes
amplifies suppresses balances sharpens""".split()
METRICS = """accuracy recall@10 nDCG@10 F1 AUROC calibration error win rate mean reciprocal
rank BLEU""".split()
FINDINGS = [
    "hard negatives help only once false negatives are filtered out",
    "most of the gain comes from the first few thousand training steps",
    "the choice of negatives matters more than the size of the model",
    "larger batches mostly add easy negatives that carry little signal",
    "preference data with near-duplicate responses weakens the training signal",
    "simple baselines are competitive when tuned with the same budget",
    "the learned space collapses unless negatives are reweighted",
    "annotation noise concentrates in a small set of confusable classes",
]
VENUES = ["Conference on Example Learning", "Workshop on Negative Results",
          "Journal of Synthetic Research", "Symposium on Imaginary Systems",
          "Transactions on Placeholder Intelligence", "Meeting on Invented Methods"]
MATH = ["$x^2$", "$O(n \\log n)$", "$\\lambda = 0.5$", "$k \\ll n$", "$\\tau^{-1}$",
        "$p(y \\mid x)$"]
LINK_HOSTS = ["example.org", "example.com", "example.net"]


# ---------------------------------------------------------------------------------------
# One paper
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PaperRecord:
    """One synthetic paper: everything every engine's files are written from."""

    index: int
    slug: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    tags: tuple[str, ...]
    added: dt.date
    published: str  # YYYY-MM-DD or YYYY
    arxiv: str
    venue: str | None
    doi: str | None
    links: tuple[tuple[str, str], ...]  # (field, url): url, pdf, code, project

    def own_text_bytes(self) -> int:
        """UTF-8 bytes of the title, the authors (joined by ", ") and the abstract."""
        return len((self.title + ", ".join(self.authors) + self.abstract).encode("utf-8"))


def _capitalise(word: str) -> str:
    """Title case that keeps hyphenated words readable: self-supervised -> Self-Supervised."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _acronym(rng: random.Random) -> str:
    """An invented method name such as NegMix or CORAL-2."""
    syllables = ["Neg", "Con", "Mix", "Ra", "Pro", "Tri", "Lo", "Sig", "Cal", "Dis", "Ve", "Ko"]
    name = "".join(rng.sample(syllables, rng.randint(2, 3)))
    return name.upper() if rng.random() < 0.3 else name


def _noun_phrase(rng: random.Random) -> list[str]:
    """Two or three words: an adjective and a noun, or a task."""
    if rng.random() < 0.35:
        return rng.choice(TASKS).split()
    words = [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    if rng.random() < 0.25:
        words.insert(0, rng.choice(ADJECTIVES))
    return words


def _title_words(rng: random.Random) -> list[str]:
    """A candidate title: [Name:] [opener] phrase (connector phrase)*, 4 to 17 words."""
    words: list[str] = []
    if rng.random() < 0.25:
        words.append(_acronym(rng) + ":")
    if rng.random() < 0.35:
        words += rng.choice(TITLE_OPENERS).split()
    words += _noun_phrase(rng)
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        words += [rng.choice(CONNECTORS), *_noun_phrase(rng)]
    return words


def _title(rng: random.Random) -> str:
    """A research-paper title of 6 to 14 words, in title case."""
    words = _title_words(rng)
    while not 6 <= len(words) <= 14:
        words = _title_words(rng)
    small = set(CONNECTORS) | {"of", "the", "to"}
    return " ".join(w if i and w in small else _capitalise(w) for i, w in enumerate(words))


def _authors(rng: random.Random) -> tuple[str, ...]:
    """One to eight invented names, three or four most often."""
    count = rng.choices(range(1, 9), weights=[6, 12, 18, 18, 14, 10, 7, 5])[0]
    names = []
    for _ in range(count):
        first = rng.choice(FIRST_NAMES)
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTVW')}." if rng.random() < 0.15 else ""
        names.append(f"{first}{middle} {rng.choice(LAST_NAMES)}")
    return tuple(dict.fromkeys(names))  # the same name twice would be odd


def _a(word: str) -> str:
    """The word with its indefinite article."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _sentences(rng: random.Random, name: str) -> list[str]:
    """Candidate sentences of an abstract, in the order an abstract tells them."""
    task, noun, adj = rng.choice(TASKS), rng.choice(NOUNS), rng.choice(ADJECTIVES)
    return [
        f"Progress in {task} depends on how models learn from the examples they get wrong.",
        f"Existing approaches rely on {adj} {noun}, which are costly to obtain and brittle "
        f"under distribution shift.",
        f"Moreover, most methods treat every negative example alike, although some are far "
        f"more informative than others.",
        f"We propose {name}, {_a(rng.choice(ADJECTIVES))} method that learns "
        f"{rng.choice(NOUNS)} from both positive and negative examples.",
        f"Unlike prior work, {name} treats {noun} as a signal rather than as noise, and "
        f"selects them with {_a(rng.choice(ADJECTIVES))} criterion.",
        f"The key idea is to weight each negative by how close it lies to the positives, "
        f"estimated from {rng.choice(NOUNS)} that are cheap to compute.",
        f"We also introduce a new benchmark of {rng.randint(2, 90)}k examples for {task}, "
        f"annotated by {rng.randint(3, 40)} experts.",
        f"Experiments on {rng.randint(2, 9)} benchmarks show that {name} "
        f"{rng.choice(VERBS)} {rng.choice(METRICS)} by {rng.uniform(0.3, 9.9):.1f} points "
        f"over strong baselines.",
        f"Our analysis shows that {rng.choice(FINDINGS)}.",
        f"We further study how the number of {noun} per example affects training, and find "
        f"a trade-off between speed and quality.",
        f"The approach adds little overhead: training takes {rng.randint(3, 40)}% longer "
        f"and inference is unchanged.",
        f"We evaluate on {task} and on a second, held-out domain, with {rng.randint(3, 12)} "
        f"competitive baselines trained under the same compute budget.",
        f"Gains are largest for rare classes and for examples near the decision boundary, "
        f"where {rng.choice(NOUNS)} are hardest to separate.",
        f"Ablations confirm that each component of {name} contributes to the final result.",
        f"Finally, we discuss limitations, including the cost of mining negatives at the "
        f"scale of {rng.choice(['millions', 'billions'])} of examples.",
    ]


def _abstract(rng: random.Random, title: str) -> str:
    """About 200 words in sentences; sometimes a math fragment, sometimes a closing link."""
    name = title.split(":")[0] if ":" in title else _acronym(rng)
    target = rng.randint(180, 240)
    chosen: list[str] = []
    for sentence in _sentences(rng, name):
        if rng.random() < 0.9:
            chosen.append(sentence)
    while sum(len(s.split()) for s in chosen) > target and len(chosen) > 3:
        chosen.pop(rng.randrange(1, len(chosen) - 1))
    if rng.random() < 0.15:
        at = rng.randrange(len(chosen))
        chosen[at] = chosen[at][:-1] + f", at a cost of {rng.choice(MATH)} per step."
    if rng.random() < 0.2:
        chosen.append(f"Code and data are available at "
                      f"https://{rng.choice(LINK_HOSTS)}/{name.lower()}-{rng.randint(1, 999)}")
    return " ".join(chosen)


def _zipf_weights(count: int) -> list[float]:
    """Skewed popularity: the k-th most popular tag weighs 1/k^ZIPF_EXPONENT."""
    return [1 / (rank ** ZIPF_EXPONENT) for rank in range(1, count + 1)]


_TAGS_BY_POPULARITY = tag_slugs()
random.Random("tag popularity").shuffle(_TAGS_BY_POPULARITY)
_TAG_WEIGHTS = _zipf_weights(len(_TAGS_BY_POPULARITY))


def _tags(rng: random.Random) -> tuple[str, ...]:
    """Two to five distinct tags, drawn by Zipf-like popularity."""
    wanted = rng.randint(2, 5)
    chosen: dict[str, None] = {}
    while len(chosen) < wanted:
        chosen[rng.choices(_TAGS_BY_POPULARITY, weights=_TAG_WEIGHTS)[0]] = None
    return tuple(chosen)


def _random_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day between first and last, both included."""
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _arxiv_number(index: int) -> int:
    """A five-digit arXiv number unique to the paper (a bijection of 0..MAX_PAPERS-1)."""
    return 1 + (index * 37397 + 12345) % MAX_PAPERS


def slugify(title: str) -> str:
    """Lowercase `[a-z0-9]` words joined by `-`, cut at a word boundary to <= 80 chars."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > SLUG_MAX:
            break
        slug = longer
    return slug or "paper"


def paper_record(index: int, seed: int = 0, slug: str | None = None) -> PaperRecord:
    """Paper number `index`: a function of (seed, index) only."""
    rng = random.Random(f"reading-list-benchmark:{seed}:{index}")
    title = _title(rng)
    authors = _authors(rng)
    abstract = _abstract(rng, title)
    tags = _tags(rng)
    added = _random_date(rng, FIRST_ADDED, LAST_ADDED)
    submitted = _random_date(rng, FIRST_ARXIV, added)
    arxiv = f"{submitted:%y%m}.{_arxiv_number(index):05d}"
    published = submitted.isoformat() if rng.random() < 0.5 else str(submitted.year)
    venue = f"{rng.choice(VENUES)} {submitted.year}" if rng.random() < 0.4 else None
    doi = f"10.48550/arXiv.{arxiv}" if rng.random() < 0.3 else None
    links = []
    if rng.random() < 0.7:
        links.append(("url", f"https://arxiv.org/abs/{arxiv}"))
    if rng.random() < 0.6:
        links.append(("pdf", f"https://arxiv.org/pdf/{arxiv}"))
    if rng.random() < 0.3:
        repository = slugify(title)[:40].strip("-")
        links.append(("code", f"https://{rng.choice(LINK_HOSTS)}/code/{repository}"))
    if rng.random() < 0.1:
        links.append(("project", f"https://{rng.choice(LINK_HOSTS)}/projects/{index}"))
    return PaperRecord(index, slug or slugify(title), title, authors, abstract, tags, added,
                       published, arxiv, venue, doi, tuple(links))


def paper_records(count: int, seed: int = 0) -> list[PaperRecord]:
    """Papers 0..count-1, with unique slugs.

    A slug already taken by an earlier paper gets `-2`, `-3`, ...: since only earlier
    papers decide it, paper i's slug is the same in every list longer than i.
    """
    if count > MAX_PAPERS:
        raise ValueError(f"at most {MAX_PAPERS} papers (unique arXiv numbers)")
    taken: set[str] = set()
    records = []
    for index in range(count):
        record = paper_record(index, seed)
        slug, n = record.slug, 1
        while slug in taken:
            n += 1
            suffix = f"-{n}"
            slug = record.slug[:SLUG_MAX - len(suffix)].rstrip("-") + suffix
        if slug != record.slug:
            record = paper_record(index, seed, slug)
        taken.add(slug)
        records.append(record)
    return records


# ---------------------------------------------------------------------------------------
# Our format
# ---------------------------------------------------------------------------------------

def paper_file_text(record: PaperRecord) -> str:
    """`papers/<slug>.md`: YAML front matter in the contract's field order, then the abstract."""
    lines = ["---", f"title: {json.dumps(record.title, ensure_ascii=False)}",
             f"tags: [{', '.join(record.tags)}]", f"added: {record.added.isoformat()}",
             f"authors: [{', '.join(record.authors)}]", f"published: {record.published}"]
    if record.venue:
        lines.append(f"venue: {json.dumps(record.venue)}")
    lines.append(f'arxiv: "{record.arxiv}"')
    if record.doi:
        lines.append(f"doi: {record.doi}")
    lines += [f"{field}: {url}" for field, url in record.links]
    lines += ["---", record.abstract, ""]
    return "\n".join(lines)


def write_reading_list(root: Path, count: int, seed: int = 0) -> list[PaperRecord]:
    """A reading list of `count` papers under root: `papers/` (with its own `themes.yml`),
    plus copies of the repository's `docs/` and `mkdocs.yml`. Returns the records."""
    records = paper_records(count, seed)
    papers = root / "papers"
    papers.mkdir(parents=True)
    write_themes(papers / "themes.yml")
    for record in records:
        (papers / f"{record.slug}.md").write_text(paper_file_text(record), encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return records
