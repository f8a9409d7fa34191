"""The nano-diplomacy model (version 2) written the way a Mesa 3 user would write it.

An independent second implementation, from docs/model.md alone (sections 2 to 6 and 9), of
the rules of `nano-diplomacy`'s nano model, for a cross-check of distributions over seeds:
it does not reproduce the Rust program's random stream, only its rules. Plain, idiomatic
Mesa: a `mesa.Model`, one `mesa.Agent` per person, the persons activated in a fresh random
order each tick with `self.agents.shuffle_do`, every draw from the model's seeded
`self.random`, and a `mesa.DataCollector` whose model reporters are the measures of
docs/model.md section 6. Ties live in a dict keyed by the pair (smaller id, larger id).
Homes never move, so each person's neighbours within `contact_radius` are listed once, when
the world is built, with a simple grid. Nothing is vectorised; no numpy.

    python benches/peers/nano_mesa.py SCENARIO.json [--seed S | --seeds A-B] [--ticks T]
        [--wrong no-forgetting] [--every-tick-metrics]

SCENARIO.json is what `nano-diplomacy check NAME --json [--set ...]` prints. The script
prints one line of JSON with the final measures (named as the CSV columns), plus
`contacts_total` (contacts summed over the ticks), `ticks` and `seconds` (wall time of the
ticks alone, not of building the world). `--wrong no-forgetting` leaves out rule 11 (the
forgetting of foreign symbols) and nothing else: a deliberately wrong model, to show that a
cross-check can tell it apart.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time

import mesa

ACQUAINTANCE, FRIEND, KIN = 0, 1, 2  # tie stages, in order


SES_SPREAD = 0.2  # width of the uniform spread of a household's socio-economic level
HOUSEHOLD_JITTER = 0.004  # members live within this of their household's centre, per axis


def clamp(x, lo=0.0, hi=1.0):
    return lo if x < lo else hi if x > hi else x


class Tie:
    """An undirected tie between persons a < b."""

    __slots__ = ("a", "b", "affinity", "exchanges", "last_contact", "stage")

    def __init__(self, a, b, affinity, stage, last_contact):
        self.a, self.b = a, b
        self.affinity = affinity
        self.exchanges = 0
        self.last_contact = last_contact
        self.stage = stage


class Person(mesa.Agent):
    """One person: fixed attributes, and openness, customs, fluencies and symbols that change."""

    def __init__(self, model, household, community, belief, mother_tongue, ses,
                 appearance, hidden_agenda, home, openness, customs, fluency, symbols):
        super().__init__(model)
        self.pid = None  # index in model.persons, set by the model
        self.household = household
        self.community = community
        self.belief = belief
        self.mother_tongue = mother_tongue
        self.ses = ses
        self.appearance = appearance
        self.hidden_agenda = hidden_agenda
        self.home = home
        self.openness = openness
        self.customs = customs
        self.fluency = fluency
        self.spoken = set()
        self.symbols = symbols  # set of symbol ids known
        self.neighbours = []  # other persons whose home is within contact_radius
        self.tied = set()  # ids of the persons this one has a tie with
        self.update_spoken()

    def update_spoken(self):
        """A language is spoken from fluency_to_speak; recomputed when a fluency changes."""
        threshold = self.model.p["fluency_to_speak"]
        self.spoken = {l for l, f in enumerate(self.fluency) if f >= threshold}

    def step(self):
        """Rule 1: start a contact with probability contact_rate."""
        if self.random.random() < self.model.p["contact_rate"]:
            self.model.contact(self)


class NanoModel(mesa.Model):
    """The nano model: persons meet, share symbols, and build ties up to kinship."""

    def __init__(self, params, seed, forgetting=True, every_tick_metrics=False):
        super().__init__(seed=seed)
        self.p = params
        self.forgetting = forgetting
        self.every_tick_metrics = every_tick_metrics
        self.n = params["persons"]
        self.C = params["communities"]
        self.S = params["symbols_per_community"]
        self.symbol_count = self.C * self.S
        catalogue = params["catalogue"]
        # Symbol id = c * S + k; its kind is catalogue entry id mod len(catalogue).
        self.nonverbal = [
            catalogue[s % len(catalogue)]["kind"] == "NonVerbal"
            for s in range(self.symbol_count)
        ]
        self.tick = 0
        self.crisis = None  # (between set, until, prejudice) while active
        self.agendas_exposed = 0
        self.contacts = 0
        self.successes = 0
        self.public_events = 0
        self.contacts_total = 0
        self.ties = {}  # (a, b) with a < b -> Tie
        self.persons = []
        self.build_population()
        self.find_neighbours()
        self.datacollector = mesa.DataCollector(model_reporters=MEASURES)
        if every_tick_metrics:
            self.datacollector.collect(self)

    # ---- the start (section 3) ----

    def mean_ses(self, c):
        if self.C == 1:
            return 0.5
        gap = self.p["ses_gap"]
        return 0.5 - gap / 2 + gap * c / (self.C - 1)

    def build_population(self):
        p, r, C = self.p, self.random, self.C
        F, Q = p["features"], p["traits"]
        L = p["languages"]
        proto = [[r.randrange(Q) for _ in range(F)] for _ in range(C)]
        households = []
        household = 0
        while len(self.persons) < self.n:
            size = min(1 + r.randrange(p["household_size_max"]), self.n - len(self.persons))
            c = r.randrange(C)
            if r.random() < p["mixing"]:
                centre = (r.random(), r.random())
            else:
                centre = ((c + r.random()) / C, r.random())
            ses = clamp(self.mean_ses(c) + (r.random() - 0.5) * SES_SPREAD)
            appearance = clamp((c + 0.5) / C + (r.random() - 0.5) * p["appearance_spread"])
            members = []
            for _ in range(size):
                home = (
                    clamp(centre[0] + (r.random() - 0.5) * 2 * HOUSEHOLD_JITTER),
                    clamp(centre[1] + (r.random() - 0.5) * 2 * HOUSEHOLD_JITTER),
                )
                if r.random() < p["belief_community_bias"]:
                    belief = c % p["beliefs"]
                else:
                    belief = r.randrange(p["beliefs"])
                customs = [
                    proto[c][f] if r.random() < p["customs_community_bias"] else r.randrange(Q)
                    for f in range(F)
                ]
                tongue = c % L
                fluency = [0.0] * L
                fluency[tongue] = 1.0
                if L > 1:
                    bilingual = r.random() < p["bilingual_share"]
                    other = r.randrange(L - 1)
                    other += other >= tongue  # uniform among the other L - 1
                    if bilingual:
                        fluency[other] = p["bilingual_fluency"]
                symbols = {
                    s for s in range(c * self.S, (c + 1) * self.S)
                    if r.random() < p["symbol_knowledge"]
                }
                openness = clamp(p["openness_mean"] + (r.random() - 0.5) * p["openness_spread"])
                hidden_agenda = r.random() < 1 - p["transparency"]
                person = Person(self, household, c, belief, tongue, ses, appearance,
                                hidden_agenda, home, openness, customs, fluency, symbols)
                person.pid = len(self.persons)
                self.persons.append(person)
                members.append(person.pid)
            households.append(members)
            household += 1
        # Household kin: every pair of members, affinity 1, stage Kin, last contact 0.
        for members in households:
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    self.add_tie(a, b, 1.0, KIN)

    def find_neighbours(self):
        """Each person's others within contact_radius (inclusive), through a simple grid."""
        radius = self.p["contact_radius"]
        cells = max(1, min(int(1 / radius), 1024))
        grid = {}
        for person in self.persons:
            grid.setdefault(self.cell_of(person.home, cells), []).append(person)
        for person in self.persons:
            cx, cy = self.cell_of(person.home, cells)
            reach = math.ceil(radius * cells)  # cells to look at on each side
            for gx in range(cx - reach, cx + reach + 1):
                for gy in range(cy - reach, cy + reach + 1):
                    for other in grid.get((gx, gy), ()):
                        if other is not person and math.dist(person.home, other.home) <= radius:
                            person.neighbours.append(other.pid)

    @staticmethod
    def cell_of(home, cells):
        return min(int(home[0] * cells), cells - 1), min(int(home[1] * cells), cells - 1)

    # ---- ties ----

    def tie(self, i, j):
        return self.ties.get((i, j) if i < j else (j, i))

    def add_tie(self, i, j, affinity, stage):
        tie = Tie(min(i, j), max(i, j), affinity, stage, self.tick)
        self.ties[(tie.a, tie.b)] = tie
        self.persons[i].tied.add(j)
        self.persons[j].tied.add(i)
        return tie

    def forget_tie(self, tie):
        del self.ties[(tie.a, tie.b)]
        self.persons[tie.a].tied.discard(tie.b)
        self.persons[tie.b].tied.discard(tie.a)

    def next_stage(self, stage, a):
        """Rise as soon as a threshold is reached, fall only `hysteresis` below it."""
        p = self.p
        h = p["hysteresis"]
        up = KIN if a >= p["theta_kin"] else FRIEND if a >= p["theta_friend"] else ACQUAINTANCE
        down = (KIN if a >= p["theta_kin"] - h
                else FRIEND if a >= p["theta_friend"] - h else ACQUAINTANCE)
        return max(up, min(stage, down))

    # ---- familiarity (section 2) ----

    def familiarity(self, person, c):
        """f(p, c): the share of community c's symbols that p knows."""
        lo, hi = c * self.S, (c + 1) * self.S
        return sum(1 for s in person.symbols if lo <= s < hi) / self.S

    def mutual_familiarity(self, x, y):
        """m(p, q): the mean familiarity of each with the other's community."""
        return (self.familiarity(x, y.community) + self.familiarity(y, x.community)) / 2

    # ---- one tick (section 4) ----

    def step(self):
        self.crisis_schedule()
        self.contacts = self.successes = self.public_events = 0
        self.agents.shuffle_do("step")  # rules 1 to 8: persons in a fresh random order
        self.contacts_total += self.contacts
        self.crisis_strain()  # rule 9
        self.decay_ties()  # rule 10
        if self.forgetting:
            self.forget_symbols()  # rule 11
        self.public_events_of_the_tick()  # rule 12
        if self.every_tick_metrics:
            self.datacollector.collect(self)

    def crisis_schedule(self):
        """Rule 0: end a crisis past its last tick; begin the scenario's crisis at its start."""
        t = self.tick + 1
        if self.crisis is not None and t > self.crisis[1]:
            self.crisis = None
        spec = self.p["crisis"]
        if spec is not None and spec["start"] == t:
            self.crisis = (set(spec["between"]), t - 1 + spec["duration"], spec["prejudice"])
        self.tick = t

    def across_crisis(self, x, y):
        """Whether a crisis is active and x and y belong to its two communities, one each."""
        if self.crisis is None:
            return False
        between = self.crisis[0]
        return (x.community != y.community and x.community in between
                and y.community in between)

    def contact(self, initiator):
        """Rules 2 to 8: one contact started by `initiator`."""
        partner = self.choose_partner(initiator)
        if partner is None:
            return
        tie = self.tie(initiator.pid, partner.pid)
        a = tie.affinity if tie is not None else 0.0
        if self.random.random() >= self.willingness(initiator, partner, a):
            return  # the partner declines: nothing else happens
        self.contacts += 1
        verbal, p_success = self.channel(initiator, partner)
        success = self.random.random() < p_success
        if success:
            self.successes += 1
            self.exchange(initiator, partner, verbal)
        a_new = self.update_trust(initiator, partner, a, success)
        self.learn(initiator, partner, verbal, success)
        self.update_tie_stage(initiator, partner, tie, a_new, success)

    def choose_partner(self, initiator):
        """Rule 2: a tied person (by affinity), a traveller's anyone, or a neighbour."""
        r = self.random
        if self.n < 2:
            return None
        if initiator.tied and r.random() < self.p["p_known"]:
            others = list(initiator.tied)
            weights = [self.tie(initiator.pid, j).affinity for j in others]
            if sum(weights) > 0:
                return self.persons[r.choices(others, weights)[0]]
            return self.persons[r.choice(others)]
        if r.random() < self.p["p_travel"]:
            j = r.randrange(self.n - 1)
            return self.persons[j + (j >= initiator.pid)]
        if not initiator.neighbours:
            return None  # nobody within the radius: no contact
        return self.persons[r.choice(initiator.neighbours)]

    def barrier(self, x, y):
        """Rule 3: the barrier between initiator x and partner y, in 0..1."""
        p = self.p
        W = (p["weight_community"] + p["weight_belief"] + p["weight_ses"]
             + p["weight_appearance"] + p["weight_language"])
        if W == 0:
            b = 0.0
        else:
            b = (p["weight_community"] * (x.community != y.community)
                 + p["weight_belief"] * (x.belief != y.belief)
                 + p["weight_ses"] * abs(x.ses - y.ses)
                 + p["weight_appearance"] * abs(x.appearance - y.appearance)
                 + p["weight_language"] * (not (x.spoken & y.spoken))) / W
        if x.community != y.community:
            b *= 1 - p["familiarity_weight"] * self.mutual_familiarity(x, y)
        if self.across_crisis(x, y):
            b += self.crisis[2] * (1 - b)
        return b

    def willingness(self, x, y, a):
        """Rule 3: the probability that y engages with initiator x (x's openness)."""
        F = self.p["features"]
        similarity = sum(1 for f in range(F) if x.customs[f] == y.customs[f]) / F
        o = x.openness
        return a + (1 - a) * (o * (1 - self.barrier(x, y)) + (1 - o) * similarity)

    def channel(self, x, y):
        """Rule 4: (verbal?, success probability). Verbal in the common spoken language
        with the largest product of fluencies (lowest-numbered on a tie)."""
        common = x.spoken & y.spoken
        if not common:
            return False, self.p["p_nonverbal"]
        best = max(x.fluency[l] * y.fluency[l] for l in sorted(common))
        return True, best

    def exchange(self, x, y, verbal):
        """Rule 5, on success: sharing passes one symbol; assimilation copies one custom."""
        r = self.random
        if self.p["exchange"] == "Sharing":
            offer = [s for s in sorted(x.symbols - y.symbols) if verbal or self.nonverbal[s]]
            if offer:
                y.symbols.add(r.choice(offer))
        else:
            differ = [f for f in range(self.p["features"]) if x.customs[f] != y.customs[f]]
            if differ:
                f = r.choice(differ)
                y.customs[f] = x.customs[f]

    def update_trust(self, x, y, a, success):
        """Rule 6: the new affinity; then a hidden agenda of the initiator may be exposed."""
        p = self.p
        if success:
            a_new = a + p["eta"] * (1 - a)
        else:
            a_new = max(0.0, a - p["failure_penalty"])
        if x.hidden_agenda and self.random.random() < p["p_exposed"]:
            a_new = 0.0
            y.openness *= 1 - p["exposure_openness_loss"]
            self.agendas_exposed += 1
        return a_new

    def learn(self, x, y, verbal, success):
        """Rule 7: the partner learns a little of x's tongue in a non-verbal contact, and
        grows more open on a success across communities."""
        p = self.p
        if not verbal:
            f = y.fluency[x.mother_tongue]
            y.fluency[x.mother_tongue] = f + p["language_learning"] * (1 - f)
            y.update_spoken()
        if success and x.community != y.community:
            y.openness += p["openness_gain"] * (1 - y.openness)

    def update_tie_stage(self, x, y, tie, a_new, success):
        """Rule 8: create, update or forget the tie, and move its stage."""
        forget_below = self.p["forget_below"]
        if tie is None:
            if not (success and a_new > forget_below):
                return
            tie = self.add_tie(x.pid, y.pid, a_new, ACQUAINTANCE)
        elif a_new < forget_below:
            self.forget_tie(tie)
            return
        tie.affinity = a_new
        tie.last_contact = self.tick
        if success:
            tie.exchanges += 1
        tie.stage = self.next_stage(tie.stage, a_new)

    def crisis_strain(self):
        """Rule 9: every tie across the crisis' divide loses strain * (1 - fw * m)."""
        strain = self.p["crisis"]["strain"] if self.p["crisis"] is not None else 0.0
        if self.crisis is None or strain <= 0:
            return
        fw, forget_below = self.p["familiarity_weight"], self.p["forget_below"]
        for tie in list(self.ties.values()):
            x, y = self.persons[tie.a], self.persons[tie.b]
            if not self.across_crisis(x, y):
                continue
            tie.affinity = max(0.0, tie.affinity - strain * (1 - fw * self.mutual_familiarity(x, y)))
            if tie.affinity < forget_below:
                self.forget_tie(tie)
            else:
                tie.stage = self.next_stage(tie.stage, tie.affinity)

    def decay_ties(self):
        """Rule 10: ties without a contact this tick lose a share of their affinity."""
        p = self.p
        gone = []
        for tie in self.ties.values():
            if tie.last_contact == self.tick:
                continue
            tie.affinity *= 1 - (p["kin_decay"] if tie.stage == KIN else p["decay"])
            if tie.affinity < p["forget_below"]:
                gone.append(tie)
            else:
                tie.stage = self.next_stage(tie.stage, tie.affinity)
        for tie in gone:
            self.forget_tie(tie)

    def forget_symbols(self):
        """Rule 11: each known symbol of another community is forgotten with
        symbol_forgetting, independently."""
        q = self.p["symbol_forgetting"]
        if q <= 0:
            return
        r = self.random
        for person in self.persons:
            own = range(person.community * self.S, (person.community + 1) * self.S)
            for s in sorted(person.symbols):
                if s not in own and r.random() < q:
                    person.symbols.discard(s)

    def public_events_of_the_tick(self):
        """Rule 12: floor(public_rate) events, plus one with the fractional remainder."""
        rate = self.p["public_rate"]
        events = math.floor(rate) + (self.random.random() < rate - math.floor(rate))
        for _ in range(events):
            self.public_event()

    def public_event(self):
        """Rule 12: a speaker offers one symbol to up to public_audience listeners nearby."""
        r = self.random
        if self.n < 2:
            return
        speaker = self.persons[r.randrange(self.n)]
        if not speaker.symbols:
            return
        symbol = r.choice(sorted(speaker.symbols))
        self.public_events += 1
        listeners = []
        if speaker.neighbours:
            for _ in range(self.p["public_audience"]):
                j = r.choice(speaker.neighbours)
                if j not in listeners:
                    listeners.append(j)
        for j in listeners:
            listener = self.persons[j]
            tie = self.tie(speaker.pid, j)
            a = tie.affinity if tie is not None else 0.0
            if r.random() >= self.willingness(speaker, listener, a):
                continue
            verbal, p_success = self.channel(speaker, listener)
            if not verbal and not self.nonverbal[symbol]:
                continue  # a verbal symbol cannot pass without a common language
            if r.random() < p_success:
                listener.symbols.add(symbol)

    # ---- measures (section 6) ----

    def count_kin(self):
        return sum(1 for t in self.ties.values() if t.stage == KIN)

    def count_kin_cross_community(self):
        P = self.persons
        return sum(1 for t in self.ties.values()
                   if t.stage == KIN and P[t.a].community != P[t.b].community)

    def mean_affinity(self):
        return sum(t.affinity for t in self.ties.values()) / len(self.ties) if self.ties else 0.0

    def distinct_cultures(self):
        return len({tuple(person.customs) for person in self.persons})

    def mean_familiarity(self):
        if self.C < 2:
            return 0.0
        foreign = sum(1 for person in self.persons for s in person.symbols
                      if s // self.S != person.community)
        return foreign / (self.n * (self.C - 1) * self.S)

    def common_language_share(self):
        """Share of unordered pairs of distinct persons with a spoken language in common."""
        if self.n < 2:
            return 0.0
        groups = {}
        for person in self.persons:
            key = frozenset(person.spoken)
            groups[key] = groups.get(key, 0) + 1
        keys = list(groups)
        pairs = 0
        for i, g in enumerate(keys):
            if g:
                pairs += groups[g] * (groups[g] - 1) // 2
            for h in keys[i + 1:]:
                if g & h:
                    pairs += groups[g] * groups[h]
        return pairs / (self.n * (self.n - 1) / 2)


def share(num, den):
    return num / den if den else 0.0


MEASURES = {
    "contacts": lambda m: m.contacts,
    "successes": lambda m: m.successes,
    "public_events": lambda m: m.public_events,
    "ties": lambda m: len(m.ties),
    "friends": lambda m: sum(1 for t in m.ties.values() if t.stage >= FRIEND),
    "kin": lambda m: m.count_kin(),
    "kin_cross_community": lambda m: m.count_kin_cross_community(),
    "kin_cross_share": lambda m: share(m.count_kin_cross_community(), m.count_kin()),
    "mean_affinity": lambda m: m.mean_affinity(),
    "mean_symbols": lambda m: sum(len(p.symbols) for p in m.persons) / m.n,
    "distinct_cultures": lambda m: m.distinct_cultures(),
    "common_language_share": lambda m: m.common_language_share(),
    "mean_openness": lambda m: sum(p.openness for p in m.persons) / m.n,
    "agendas_exposed": lambda m: m.agendas_exposed,
    "crisis": lambda m: int(m.crisis is not None),
    "familiarity": lambda m: m.mean_familiarity(),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", help="scenario JSON from `nano-diplomacy check NAME --json`")
    parser.add_argument("--seed", type=int, help="the seed (default: the scenario's)")
    parser.add_argument("--seeds", metavar="A-B",
                        help="run from each seed A to B in turn, one JSON line each (one Python "
                             "start for many runs)")
    parser.add_argument("--ticks", type=int, help="ticks to run (default: the scenario's)")
    parser.add_argument("--wrong", choices=["no-forgetting"],
                        help="a deliberately wrong model: leave out rule 11")
    parser.add_argument("--every-tick-metrics", action="store_true",
                        help="collect the measures every tick (default: only at the end)")
    args = parser.parse_args(argv)

    with open(args.scenario) as f:
        scenario = json.load(f)
    if "Nano" not in scenario.get("model", {}):
        parser.error(f"{args.scenario}: not a nano scenario (model: Nano)")
    params = scenario["model"]["Nano"]
    ticks = scenario["ticks"] if args.ticks is None else args.ticks
    if args.seeds:
        first, last = (int(x) for x in args.seeds.split("-"))
        seeds = range(first, last + 1)
    else:
        seeds = [scenario["seed"] if args.seed is None else args.seed]

    for seed in seeds:
        model = NanoModel(params, seed, forgetting=args.wrong != "no-forgetting",
                          every_tick_metrics=args.every_tick_metrics)
        started = time.perf_counter()
        for _ in range(ticks):
            model.step()
        seconds = time.perf_counter() - started  # with --every-tick-metrics, with the measures
        if not args.every_tick_metrics:
            model.datacollector.collect(model)

        result = {name: values[-1] for name, values in model.datacollector.model_vars.items()}
        result.update(seed=seed, contacts_total=model.contacts_total, ticks=model.tick,
                      seconds=seconds)
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
