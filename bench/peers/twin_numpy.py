#!/usr/bin/env python3
"""Reference peer of `dtsmdrl bench --compare`: the batched NSCLC twin simulator ported to numpy.

It simulates the workload that the C# side writes (TwinPeerWorkload.cs): the benchmark's patients as
NsclcParameters fields, their noise seeds, the per-cycle action schedule and the simulation options, with
NsclcBatchSimulator's scalar kernel (Rk4Solver over NsclcDynamics.Derivatives: log(K/V), log(V/Vref), pow),
vectorised over patients (one numpy array element per patient, like one SIMD lane). Deaths, irAE and
targeted-therapy event draws, scans and RECIST are as in the C# simulator; the counter-based dice
(CounterRandom.cs) use numpy's wrapping uint64 arithmetic.

usage: twin_numpy.py INPUT.json [--results RESULTS.f64]

Prints one JSON object: seconds of the timed region (reset and simulation; loading the input and writing the
results are not timed), patient-days/s, the checksum (sum of episode rewards) and the numpy version. With
--results it also writes per-patient results as little-endian float64, one block of `patients` values per
column, in the order of the printed "columns".
"""

import argparse
import json
import platform
import sys
import time

import numpy as np

# CounterRandom.cs: streams and the SplitMix64 constants.
DEATH_STREAM = 1
IRAE_STREAM = 2
IRAE_ONSET_STREAM = 3
SLD_NOISE_STREAM = 4
ANC_NOISE_STREAM = 5
TARGETED_EVENT_STREAM = 7
TARGETED_EVENT_ONSET_STREAM = 8
SEED_FACTOR = np.uint64(0x9E3779B97F4A7C15)
STREAM_FACTOR = np.uint64(0xD1B54A32D192ED03)
COUNTER_FACTOR = np.uint64(0xBF58476D1CE4E5B9)
OFFSET = np.uint64(0x94D049BB133111EB)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)

# NsclcDynamics.cs, Recist.cs.
VOLUME_FLOOR = 1e-9
CIRC_FLOOR_IN_DERIVATIVES = 1e-9
NEUTROPHIL_FLOOR = 1e-6
GONE_DIAMETER_MM = 1.0
GRADE4_ANC = 0.5
GRADE3_ANC = 1.0
PROGRESSION_FRACTION = 0.20
PROGRESSION_ABSOLUTE_MM = 5.0
RESPONSE_FRACTION = 0.30
COMPLETE_RESPONSE, PARTIAL_RESPONSE, STABLE_DISEASE, PROGRESSIVE_DISEASE, NOT_EVALUABLE = 0, 1, 2, 3, 4

# NsclcState.cs: the 15 integrated variables are rows of one (15, patients) array; the rest are arrays of their own.
S, R, X1, X2, X3, CC, CT, AB, IA, PROL, T1, T2, T3, CIRC, H = range(15)
STATE_NAMES = ["S", "R", "X1", "X2", "X3", "Cc", "Ct", "Ab", "Ia", "Prol", "T1", "T2", "T3", "Circ", "H",
               "Irae", "MinCirc", "IraeCount", "Tkae", "TkaeCount", "ToxicToday", "ToxicityDays", "WellDays"]

WORKLOAD_FORMAT = "dtsmdrl-twin-workload/1"  # TwinPeerWorkload.Format
PARAMETER_FIELDS = ["LesionCount", "V0", "K", "G", "GR", "ResistantFraction", "Mu", "K1", "KC", "KCR", "KT", "KI",
                    "Responder", "TauI", "Ec50C", "Ec50T", "Ec50I", "KeC", "VolC", "DoseC", "KeT", "VolT", "DoseT",
                    "KeI", "VolI", "DoseI", "Circ0", "Mtt", "Gamma", "Slope", "IraeLogit0", "IraeLogitPerDose",
                    "IraeDuration", "TkaeLogit", "TkaeDuration", "H0", "B1", "B2", "B3", "VRef"]
OPTION_FIELDS = ["StepSize", "ScanIntervalDays", "SldNoiseSd", "SldNoiseCv", "AncNoiseCv", "IraeEnabled",
                 "TargetedEventsEnabled", "DeathEnabled", "Rewards", "Actions"]
# The C# kernel choice (SIMD or scalar) does not change what is simulated: this peer is its own kernel.
IGNORED_OPTIONS = ["Kernel"]
REWARD_FIELDS = ["ToxicityUtility", "RelapseUtility", "Grade4Cost", "IraeCost", "TargetedEventCost"]


class InputError(Exception):
    pass


# ---- Counter-based random numbers (CounterRandom.cs); seed is a uint64 array, stream and counter integers. ----

def _mix(z):
    z = (z ^ (z >> np.uint64(30))) * MIX1
    z = (z ^ (z >> np.uint64(27))) * MIX2
    return z ^ (z >> np.uint64(31))


def random_bits(seed, stream, counter):
    with np.errstate(over="ignore"):  # uint64 products wrap, as C#'s unchecked ulong arithmetic does
        z = seed * SEED_FACTOR + np.uint64(stream) * STREAM_FACTOR + np.uint64(counter) * COUNTER_FACTOR + OFFSET
        return _mix(_mix(z) ^ seed)


def uniform(seed, stream, counter):
    return ((random_bits(seed, stream, counter) >> np.uint64(11)).astype(np.float64) + 0.5) * (1.0 / 9007199254740992.0)


def normal(seed, stream, counter):
    u1 = uniform(seed, stream, 2 * counter)
    u2 = uniform(seed, stream, 2 * counter + 1)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


# ---- Model (NsclcDynamics.cs) ----

class Parameters:
    """Per-patient parameters as arrays, with the few products the scalar equations form first precomputed."""

    def __init__(self, fields):
        self.lesions = fields["LesionCount"]
        for name in PARAMETER_FIELDS[1:]:
            setattr(self, name, fields[name])
        self.ktr = 4.0 / self.Mtt
        self.ki_responder = self.KI * self.Responder
        self.mu_g = self.Mu * self.G


def derivatives(p, y, irae):
    """dy/dt of the 15 integrated variables (NsclcDynamics.Derivatives, same operations in the same order)."""
    s, r, x1, x2, x3, cc, ct, ab, ia, prol, t1, t2, t3, circ_raw = y[:H]
    circ = np.maximum(circ_raw, CIRC_FLOOR_IN_DERIVATIVES)
    v = np.maximum(s + r + x1 + x2 + x3, VOLUME_FLOOR)
    ln_kv = np.log(p.K / v)
    ec = cc / (p.Ec50C + cc)
    et = ct / (p.Ec50T + ct)
    kill_c = p.KC * ec
    kill_t = p.KT * et
    kill_i = p.ki_responder * ia
    kill_cr = p.KCR * ec
    mutation = p.mu_g * s

    d = np.empty_like(y)
    d[S] = p.G * s * ln_kv - (kill_c + kill_t + kill_i) * s - mutation
    d[R] = p.GR * r * ln_kv - (kill_cr + kill_i) * r + mutation
    d[X1] = (kill_c + kill_t) * s + kill_cr * r - p.K1 * x1
    d[X2] = p.K1 * (x1 - x2)
    d[X3] = p.K1 * (x2 - x3)
    d[CC] = -p.KeC * cc
    d[CT] = -p.KeT * ct
    d[AB] = -p.KeI * ab
    d[IA] = (ab / (p.Ec50I + ab) - ia) / p.TauI
    feedback = np.power(p.Circ0 / circ, p.Gamma)
    d[PROL] = p.ktr * prol * (1.0 - p.Slope * cc) * feedback - p.ktr * prol
    d[T1] = p.ktr * (prol - t1)
    d[T2] = p.ktr * (t1 - t2)
    d[T3] = p.ktr * (t2 - t3)
    d[CIRC] = p.ktr * (t3 - circ_raw)
    log_hazard = p.B1 * np.log(v / p.VRef) + np.where(circ < GRADE4_ANC, p.B2, 0.0) + p.B3 * irae
    d[H] = p.H0 * np.exp(log_hazard)
    return d


def sld_from_volume(volume, lesions):
    d = np.cbrt(6.0 * volume / (lesions * np.pi))
    return np.where((volume <= 0) | (d < GONE_DIAMETER_MM), 0.0, lesions * d)


def classify(baseline, nadir, current):
    """Recist.Classify, per patient."""
    progression = (current >= (1.0 + PROGRESSION_FRACTION) * nadir) & (current - nadir >= PROGRESSION_ABSOLUTE_MM)
    response = np.where(current <= (1.0 - RESPONSE_FRACTION) * baseline, PARTIAL_RESPONSE, STABLE_DISEASE)
    response = np.where(progression, PROGRESSIVE_DISEASE, response)
    return np.where(current <= 0, COMPLETE_RESPONSE, response)


# ---- The batched simulator (NsclcBatchSimulator.cs) ----

class Simulator:
    def __init__(self, workload):
        self.w = workload
        self.h = workload["StepSize"]
        self.steps_per_day = int(round(1.0 / self.h))
        cv = workload["AncNoiseCv"]
        self.anc_sigma = np.sqrt(np.log(1.0 + cv * cv))

    def reset(self):
        w = self.w
        p = self.p = Parameters(w["parameters"])
        n = self.n = len(w["seeds"])
        self.seed = w["seeds"]
        y = self.y = np.zeros((15, n))
        y[S] = p.V0 * (1.0 - p.ResistantFraction)
        y[R] = p.V0 * p.ResistantFraction
        for k in (PROL, T1, T2, T3, CIRC):
            y[k] = p.Circ0
        zeros = np.zeros(n)
        self.irae, self.irae_count, self.tkae, self.tkae_count = zeros.copy(), zeros.copy(), zeros.copy(), zeros.copy()
        self.min_circ = p.Circ0.copy()
        self.toxic_today, self.state_toxicity_days, self.state_well_days = zeros.copy(), zeros.copy(), zeros.copy()
        self.alive = np.ones(n, dtype=bool)
        self.death_day = np.full(n, np.nan)
        self.death_threshold = -np.log(uniform(self.seed, DEATH_STREAM, 0))
        minus_one = np.full(n, -1, dtype=np.int64)
        self.irae_onset, self.irae_end, self.tkae_onset, self.tkae_end = minus_one.copy(), minus_one.copy(), minus_one.copy(), minus_one.copy()
        self.cumulative_antibody = zeros.copy()
        sld = self.observed_sld(self.true_sld(), 0)
        self.baseline_sld, self.nadir_sld, self.latest_sld = sld, sld.copy(), sld.copy()
        self.latest_anc = self.measured_anc(y[CIRC], 0)
        self.best_response = np.full(n, NOT_EVALUABLE)
        self.progressed = np.zeros(n, dtype=bool)
        self.pfs_day = np.full(n, np.nan)
        self.episode_reward, self.episode_cost = zeros.copy(), zeros.copy()
        self.toxicity_days, self.twist_days, self.relapse_days = zeros.copy(), zeros.copy(), zeros.copy()
        self.day = 0
        self.cycle = 0

    def true_sld(self):
        y = self.y
        return sld_from_volume(y[S] + y[R] + y[X1] + y[X2] + y[X3], self.p.lesions)

    def observed_sld(self, true_sld, scan):
        cv = self.w["SldNoiseCv"] * true_sld
        sd0 = self.w["SldNoiseSd"]
        sd = np.sqrt(sd0 * sd0 + cv * cv)
        noisy = np.maximum(0.0, true_sld + sd * normal(self.seed, SLD_NOISE_STREAM, scan))
        return np.where(true_sld <= 0, 0.0, noisy)

    def measured_anc(self, true_anc, draw):
        sigma = self.anc_sigma
        return true_anc * np.exp(sigma * normal(self.seed, ANC_NOISE_STREAM, draw) - 0.5 * sigma * sigma)

    def draw_event(self, draw, stream, onset_stream, probability, first_step, steps, duration, onset, end):
        """NsclcEvents.Draw for the patients in `draw`: may start an event window [onset, end) in this cycle."""
        if steps <= 1:
            return
        begins = draw & (uniform(self.seed, stream, self.cycle) < probability)
        new_onset = first_step + 1 + (uniform(self.seed, onset_stream, self.cycle) * (steps - 1)).astype(np.int64)
        new_end = new_onset + np.round(duration * self.steps_per_day).astype(np.int64)
        onset[begins] = new_onset[begins]
        end[begins] = new_end[begins]

    def advance(self, actions, days):
        """One cycle of `days` days; actions[i] is patient i's action index (NsclcBatchSimulator.Advance)."""
        w, p = self.w, self.p
        steps = days * self.steps_per_day
        first_step = self.day * self.steps_per_day
        chemo, targeted, immuno = (w["action_fractions"][:, k][actions] for k in range(3))

        # StartCycle: the patients alive now are the ones this cycle's reward and events are about.
        at_start = self.alive.copy()
        irae_count_at_start, tkae_count_at_start = self.irae_count.copy(), self.tkae_count.copy()
        days_at_start = (self.toxicity_days.copy(), self.twist_days.copy(), self.relapse_days.copy())
        irae_free = ~((first_step >= self.irae_onset) & (first_step < self.irae_end))
        antibody_given = at_start & (immuno > 0) & irae_free
        if w["IraeEnabled"]:
            probability = 1.0 / (1.0 + np.exp(-(p.IraeLogit0 + p.IraeLogitPerDose * self.cumulative_antibody)))
            self.draw_event(antibody_given, IRAE_STREAM, IRAE_ONSET_STREAM, probability, first_step, steps,
                            p.IraeDuration, self.irae_onset, self.irae_end)
        if w["TargetedEventsEnabled"]:
            tkae_free = ~((first_step >= self.tkae_onset) & (first_step < self.tkae_end))
            probability = 1.0 / (1.0 + np.exp(-p.TkaeLogit))
            self.draw_event(at_start & (targeted > 0) & tkae_free, TARGETED_EVENT_STREAM, TARGETED_EVENT_ONSET_STREAM,
                            probability, first_step, steps, p.TkaeDuration, self.tkae_onset, self.tkae_end)
        self.cumulative_antibody = self.cumulative_antibody + np.where(antibody_given, immuno, 0.0)
        chemo_bolus = np.where(chemo > 0, chemo * p.DoseC / p.VolC, 0.0)
        targeted_bolus = np.where(targeted > 0, targeted * p.DoseT / p.VolT, 0.0)
        antibody_bolus = np.where(immuno > 0, immuno * p.DoseI / p.VolI, 0.0)

        for s in range(steps):
            dose_day = s // self.steps_per_day if s % self.steps_per_day == 0 else -1
            self.step(first_step + s, dose_day, (s + 1) % self.steps_per_day == 0, chemo_bolus, targeted_bolus, antibody_bolus)

        self.end_cycle(at_start, days, irae_count_at_start, tkae_count_at_start, days_at_start)
        self.day += days
        self.cycle += 1

    def step(self, global_step, dose_day, ends_day, chemo_bolus, targeted_bolus, antibody_bolus):
        """One solver step of the live patients: event flags, dose event, RK4, step hook, death check, day accounting."""
        live = self.alive  # the benchmark retires no one
        # NsclcEvents.ApplyFlag: an onset is counted when the flag turns on.
        irae_active = (global_step >= self.irae_onset) & (global_step < self.irae_end)
        irae_count = self.irae_count + (irae_active & (self.irae <= 0))
        irae = irae_active.astype(np.float64)
        tkae_active = (global_step >= self.tkae_onset) & (global_step < self.tkae_end)
        tkae_count = self.tkae_count + (tkae_active & (self.tkae <= 0))
        tkae = tkae_active.astype(np.float64)

        # NsclcDynamics.ApplyCycleDoseEvent: antibody held during an irAE, inhibitor during a targeted-therapy event.
        y0 = self.y
        y = y0
        min_circ = self.min_circ
        if dose_day >= 0:
            y = y0.copy()
            if dose_day == 0:
                min_circ = y[CIRC].copy()
                y[CC] += chemo_bolus
                y[AB] += np.where(irae <= 0, antibody_bolus, 0.0)
            y[CT] += np.where(tkae <= 0, targeted_bolus, 0.0)

        # Rk4Solver.Step.
        h = self.h
        half = 0.5 * h
        k1 = derivatives(self.p, y, irae)
        k2 = derivatives(self.p, y + half * k1, irae)
        k3 = derivatives(self.p, y + half * k2, irae)
        k4 = derivatives(self.p, y + h * k3, irae)
        y = y + (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4)

        # NsclcDynamics.AfterStep: neutrophil floor (NaN included), cycle nadir, the day's toxicity flag.
        neutrophils = y[PROL:CIRC + 1]
        y[PROL:CIRC + 1] = np.where(neutrophils >= NEUTROPHIL_FLOOR, neutrophils, NEUTROPHIL_FLOOR)
        min_circ = np.where(y[CIRC] < min_circ, y[CIRC], min_circ)
        toxic = (y[CIRC] < GRADE3_ANC) | (irae > 0) | (tkae > 0)
        toxic_today = np.where(toxic, 1.0, self.toxic_today)

        self.y = np.where(live, y, y0)
        self.irae = np.where(live, irae, self.irae)
        self.irae_count = np.where(live, irae_count, self.irae_count)
        self.tkae = np.where(live, tkae, self.tkae)
        self.tkae_count = np.where(live, tkae_count, self.tkae_count)
        self.min_circ = np.where(live, min_circ, self.min_circ)
        self.toxic_today = np.where(live, toxic_today, self.toxic_today)

        if self.w["DeathEnabled"]:
            dies = live & (self.y[H] >= self.death_threshold)
            self.alive = live & ~dies
            self.death_day = np.where(dies, (global_step + 1) * h, self.death_day)

        if ends_day:
            # CountDay and NsclcDynamics.EndDay for the patients alive at the end of the day.
            counted = self.alive
            toxic_day = counted & (self.toxic_today > 0)
            well_day = counted & ~toxic_day
            self.toxicity_days = self.toxicity_days + toxic_day
            self.relapse_days = self.relapse_days + (well_day & self.progressed)
            self.twist_days = self.twist_days + (well_day & ~self.progressed)
            self.state_toxicity_days = self.state_toxicity_days + toxic_day
            self.state_well_days = self.state_well_days + well_day
            self.toxic_today = np.where(counted, 0.0, self.toxic_today)

    def end_cycle(self, at_start, days, irae_count_at_start, tkae_count_at_start, days_at_start):
        """NsclcBatchSimulator.EndCycle: reward and cost of the cycle, blood count, scan and RECIST."""
        rewards = self.w["Rewards"]
        died = at_start & ~self.alive
        new_irae = self.irae_count > irae_count_at_start
        new_tkae = self.tkae_count > tkae_count_at_start
        true_sld = self.true_sld()
        cost = (np.where(self.min_circ < GRADE4_ANC, rewards["Grade4Cost"], 0.0)
                + np.where(new_irae, rewards["IraeCost"], 0.0) + np.where(new_tkae, rewards["TargetedEventCost"], 0.0))
        toxicity, twist, relapse = (now - then for now, then in zip((self.toxicity_days, self.twist_days, self.relapse_days), days_at_start))
        reward = twist + rewards["ToxicityUtility"] * toxicity + rewards["RelapseUtility"] * relapse
        self.episode_reward = np.where(at_start, self.episode_reward + reward, self.episode_reward)
        self.episode_cost = np.where(at_start, self.episode_cost + cost, self.episode_cost)
        self.pfs_day = np.where(died & np.isnan(self.pfs_day), self.death_day, self.pfs_day)

        survivors = at_start & self.alive
        end_day = self.day + days
        self.latest_anc = np.where(survivors, self.measured_anc(self.y[CIRC], self.cycle + 1), self.latest_anc)
        interval = self.w["ScanIntervalDays"]
        if end_day % interval != 0:
            return
        sld = self.observed_sld(true_sld, end_day // interval)
        self.latest_sld = np.where(survivors, sld, self.latest_sld)
        assessed = survivors & ~self.progressed
        response = classify(self.baseline_sld, self.nadir_sld, sld)
        self.best_response = np.where(assessed, np.minimum(self.best_response, response), self.best_response)
        progression = assessed & (response == PROGRESSIVE_DISEASE)
        self.progressed = self.progressed | progression
        self.pfs_day = np.where(progression, float(end_day), self.pfs_day)
        self.nadir_sld = np.where(survivors, np.minimum(self.nadir_sld, sld), self.nadir_sld)

    def results(self):
        """Per-patient results, named as NsclcBatchSimulator's properties and NsclcState's variables."""
        columns = {
            "EpisodeReward": self.episode_reward, "EpisodeCost": self.episode_cost,
            "BaselineSld": self.baseline_sld, "NadirSld": self.nadir_sld, "LatestSld": self.latest_sld,
            "LatestAnc": self.latest_anc, "PfsEventDay": self.pfs_day, "DeathDay": self.death_day,
            "BestResponse": self.best_response, "ToxicityDays": self.toxicity_days,
            "TwistDays": self.twist_days, "RelapseDays": self.relapse_days,
        }
        extra = [self.irae, self.min_circ, self.irae_count, self.tkae, self.tkae_count, self.toxic_today,
                 self.state_toxicity_days, self.state_well_days]
        for name, values in zip(STATE_NAMES, list(self.y) + extra):
            columns["state " + name] = values
        return columns


# ---- Input ----

def load_workload(path):
    """Reads and checks the workload; errors name the file and the field."""
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: cannot read the workload: {e}")

    def need(container, key, where):
        if key not in container:
            raise InputError(f"{path}: {where}{key} is missing")
        return container[key]

    if raw.get("format") != WORKLOAD_FORMAT:
        raise InputError(f"{path}: format is {raw.get('format')!r}, this peer reads {WORKLOAD_FORMAT!r}")
    options = need(raw, "options", "")
    for key in options:
        if key not in OPTION_FIELDS and key not in IGNORED_OPTIONS:
            raise InputError(f"{path}: options.{key} is not known to this peer (port it from NsclcSimulationOptions)")
    w = {key: need(options, key, "options.") for key in OPTION_FIELDS}
    for key in w["Rewards"]:
        if key not in REWARD_FIELDS:
            raise InputError(f"{path}: options.Rewards.{key} is not known to this peer (port it from NsclcRewardOptions)")
    w["Rewards"] = {key: float(need(w["Rewards"], key, "options.Rewards.")) for key in REWARD_FIELDS}
    actions = w["Actions"]
    if not actions:
        raise InputError(f"{path}: options.Actions is empty")
    w["action_fractions"] = np.array([[float(need(a, k, f"options.Actions[{i}].")) for k in ("Chemotherapy", "Targeted", "Immunotherapy")]
                                      for i, a in enumerate(actions)])
    if not (w["StepSize"] > 0) or abs(round(1.0 / w["StepSize"]) - 1.0 / w["StepSize"]) > 1e-9:
        raise InputError(f"{path}: options.StepSize = {w['StepSize']} must be > 0 and divide one day evenly")

    seeds = need(raw, "seeds", "")
    n = len(seeds)
    if n == 0:
        raise InputError(f"{path}: seeds is empty")
    w["seeds"] = np.array(seeds, dtype=np.uint64)
    parameters = need(raw, "parameters", "")
    w["parameters"] = {}
    for name in PARAMETER_FIELDS:
        values = np.array(need(parameters, name, "parameters."), dtype=np.float64)
        if values.shape != (n,):
            raise InputError(f"{path}: parameters.{name} has {values.size} values for {n} patients")
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            raise InputError(f"{path}: parameters.{name} of patient {bad[0]} is not a finite number")
        w["parameters"][name] = values

    w["cycles"] = []
    for c, cycle in enumerate(need(raw, "cycles", "")):
        days = int(need(cycle, "days", f"cycles[{c}]."))
        if not 1 <= days <= 21:
            raise InputError(f"{path}: cycles[{c}].days = {days} must be 1 to 21")
        action = np.array(need(cycle, "actions", f"cycles[{c}]."), dtype=np.int64)
        if action.shape != (n,):
            raise InputError(f"{path}: cycles[{c}].actions has {action.size} entries for {n} patients")
        if action.min() < 0 or action.max() >= len(actions):
            raise InputError(f"{path}: cycles[{c}].actions holds an index outside the {len(actions)} actions")
        w["cycles"].append((action, days))
    return w


def numpy_simd():
    """The widest SIMD extension numpy dispatches its loops to on this machine (numpy >= 1.20), or "" when unknown."""
    try:
        try:
            from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
        except ImportError:
            from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:
        return ""
    supported = [feature for feature in __cpu_dispatch__ if __cpu_features__.get(feature)]
    return supported[-1] if supported else ""


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="workload JSON written by dtsmdrl (TwinPeerWorkload)")
    parser.add_argument("--results", help="write per-patient results here (float64, column blocks)")
    args = parser.parse_args(argv)
    try:
        workload = load_workload(args.input)
    except InputError as e:
        print(f"twin_numpy: {e}", file=sys.stderr)
        return 2

    sim = Simulator(workload)
    start = time.perf_counter()
    sim.reset()
    for actions, days in workload["cycles"]:
        sim.advance(actions, days)
    seconds = time.perf_counter() - start

    columns = sim.results()
    if args.results:
        np.stack(list(columns.values())).astype("<f8").tofile(args.results)
    days = sum(d for _, d in workload["cycles"])
    print(json.dumps({
        "peer": "twin_numpy",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numpy_simd": numpy_simd(),
        "patients": sim.n,
        "days": days,
        "step_size": sim.h,
        "seconds": seconds,
        "patient_days_per_second": sim.n * days / seconds,
        "checksum": float(np.cumsum(sim.episode_reward)[-1]),  # summed in patient order, as TwinBenchmark does
        "columns": list(columns),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
