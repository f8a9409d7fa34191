"""Axelrod's (1997) culture model written the way a Mesa 3 user would write it.

The point of this file is to measure what people would actually run, so it is plain,
idiomatic Mesa: a `mesa.Model`, one `FixedAgent` per site on a
`mesa.discrete_space.OrthogonalVonNeumannGrid` (bounded, torus=False), the agent's `step`
doing one event, the model's `step` one sweep of L^2 events (calling the model's `step`
once per event would be 25-45% slower: Mesa wraps it with a counter and a logging call),
and every draw from the model's seeded `self.random`. Nothing is
vectorised or hand-optimised. One concession to sense: the model keeps its sites in a
plain list, so that picking a random site is O(1) (`self.random.choice(self.agents)` works
too, but indexes an AgentSet by building a list of every agent, O(N) per event).

Rules (Axelrod 1997): an L x L bounded grid, each site a culture of F features with q
traits each, drawn uniformly. One event: pick a site uniformly at random (with
replacement), then one of its von Neumann neighbours uniformly (2 at corners, 3 on edges,
4 inside). With probability (shared features) / F, and if they differ somewhere, the site
copies the neighbour's trait on one feature chosen uniformly among those where they
differ. Every attempt counts as one event, whether or not anything changed. The run is
converged when no neighbouring pair shares some but not all features; this model finds
that as a Mesa user would, by rescanning the grid every so often.

    python axelrod_mesa.py --size 10 --features 5 --traits 10 --events 200000 --seed 1
    python axelrod_mesa.py --size 10 --until-converged --runs 20 --seed 1

prints one JSON object: {"events", "seconds", "events_per_second", ...}. "seconds" times
the events only (building the models is timed apart, as "setup_seconds"); with
--until-converged it includes the rescans, since a Mesa user pays for them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import mesa
from mesa.discrete_space import FixedAgent, OrthogonalVonNeumannGrid


class Site(FixedAgent):
    """One site of the grid: its culture is a list of F traits."""

    def __init__(self, model: "AxelrodCulture", cell, culture: list[int]):
        super().__init__(model)
        self.cell = cell
        self.culture = culture

    def shared_with(self, other: "Site") -> int:
        """The number of features this site shares with another."""
        return sum(a == b for a, b in zip(self.culture, other.culture))

    def step(self):
        """One event: meet a random neighbour and perhaps copy one of its traits."""
        other = self.cell.neighborhood.select_random_agent()
        features = self.model.features
        shared = self.shared_with(other)
        if shared < features and self.random.random() < shared / features:
            differing = [
                f for f in range(features) if self.culture[f] != other.culture[f]
            ]
            f = self.random.choice(differing)
            self.culture[f] = other.culture[f]


class AxelrodCulture(mesa.Model):
    """Axelrod's model; `event()` is one event, `step()` one sweep of L^2 events."""

    def __init__(self, size=10, features=5, traits=10, seed=None):
        super().__init__(seed=seed)
        self.size = size
        self.features = features
        self.traits = traits
        self.events = 0
        self.grid = OrthogonalVonNeumannGrid(
            (size, size), torus=False, capacity=1, random=self.random
        )
        for cell in self.grid.all_cells:
            Site(
                self,
                cell,
                [self.random.randrange(traits) for _ in range(features)],
            )
        self.sites = list(self.agents)

    def event(self):
        """One event: a site picked uniformly at random (with replacement) acts."""
        self.random.choice(self.sites).step()
        self.events += 1

    def step(self):
        """One sweep: as many events as there are sites (the model's unit of time)."""
        for _ in range(len(self.sites)):
            self.event()

    def has_active_bond(self) -> bool:
        """Whether some neighbouring pair shares some but not all features (a rescan)."""
        for site in self.sites:
            for other in site.cell.neighborhood.agents:
                if 0 < site.shared_with(other) < self.features:
                    return True
        return False

    def stable_regions(self) -> int:
        """The number of connected sets of neighbouring sites with identical culture."""
        seen = set()
        regions = 0
        for start in self.sites:
            if start in seen:
                continue
            regions += 1
            seen.add(start)
            stack = [start]
            while stack:
                site = stack.pop()
                for other in site.cell.neighborhood.agents:
                    if other not in seen and other.culture == site.culture:
                        seen.add(other)
                        stack.append(other)
        return regions

    def run(self, events: int, until_converged=False, check_every=10) -> bool:
        """Run `events` events (whole sweeps with `step()`, then the rest one by one),
        or, with `until_converged`, until a rescan finds no active bond, rescanning
        every `check_every` sweeps (at most `events` events in all). Returns whether
        the last rescan found the model converged (False if none was done)."""
        sweep = len(self.sites)
        limit = self.events + events
        sweeps = 0
        while self.events + sweep <= limit:
            if until_converged and sweeps % check_every == 0 and not self.has_active_bond():
                return True
            self.step()
            sweeps += 1
        while self.events < limit:
            self.event()
        return until_converged and not self.has_active_bond()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10, help="grid side L")
    parser.add_argument("--features", type=int, default=5, help="features F")
    parser.add_argument("--traits", type=int, default=10, help="traits q")
    parser.add_argument(
        "--events",
        type=int,
        default=200_000,
        help="events per run (the most, with --until-converged)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of run 0 (run i: seed + i)")
    parser.add_argument("--runs", type=int, default=1, help="independent runs")
    parser.add_argument(
        "--until-converged",
        action="store_true",
        help="stop each run when a rescan finds no active bond",
    )
    parser.add_argument(
        "--check-every",
        type=int,
        default=10,
        help="sweeps (L^2 events each) between rescans with --until-converged",
    )
    args = parser.parse_args(argv)
    if args.size < 2 or args.features < 1 or args.traits < 2 or args.runs < 1:
        parser.error("need size >= 2, features >= 1, traits >= 2, runs >= 1")

    setup_seconds = 0.0
    seconds = 0.0
    events = []
    regions = []
    converged = 0
    for run in range(args.runs):
        started = time.perf_counter()
        model = AxelrodCulture(args.size, args.features, args.traits, seed=args.seed + run)
        setup_seconds += time.perf_counter() - started
        started = time.perf_counter()
        converged += model.run(args.events, args.until_converged, args.check_every)
        seconds += time.perf_counter() - started
        events.append(model.events)
        regions.append(model.stable_regions())

    total = sum(events)
    print(
        json.dumps(
            {
                "mesa_version": mesa.__version__,
                "size": args.size,
                "features": args.features,
                "traits": args.traits,
                "seed": args.seed,
                "runs": args.runs,
                "events": total,
                "seconds": seconds,
                "events_per_second": total / max(seconds, 1e-9),
                "setup_seconds": setup_seconds,
                "converged": converged,
                "mean_events": statistics.fmean(events),
                "mean_regions": statistics.fmean(regions),
                "sd_regions": statistics.stdev(regions) if len(regions) > 1 else 0.0,
                "regions": regions,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
