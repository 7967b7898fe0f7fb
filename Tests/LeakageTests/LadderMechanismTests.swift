import HoldoutCore
@testable import Leakage
import Testing

@Suite struct LadderMechanismTests {
    @Test func firstSubmissionIsReleased() {
        var ladder = LadderMechanism()
        let release = ladder.submit(participant: "a", losses: [0.5, 0.4, 0.6, 0.3, 0.7])
        #expect(release.changed)
        #expect(abs(release.score - 0.5) < 1e-15)
    }

    @Test func releasesOnlyImprovementsBeyondOneStandardError() {
        let leader: [Double] = [0.5, 0.4, 0.6, 0.3, 0.7]
        // Golden (numpy): c = [0.45,0.42,0.58,0.28,0.72], mean 0.49; std(c − leader, ddof=1)/√5
        // = 0.013416407864998734; 0.49 > 0.5 − 0.0134 = 0.48658: not released.
        var ladder = LadderMechanism()
        _ = ladder.submit(participant: "a", losses: leader)
        let small = ladder.submit(participant: "a", losses: [0.45, 0.42, 0.58, 0.28, 0.72])
        #expect(!small.changed)
        #expect(abs(small.score - 0.5) < 1e-15)
        #expect(abs(small.margin - 0.013416407864998734) < 1e-15)
        // Golden (numpy): c = [0.3,0.35,0.5,0.2,0.6], mean 0.39; margin 0.02449489742783178;
        // 0.39 < 0.5 − 0.0245: released.
        let big = ladder.submit(participant: "a", losses: [0.3, 0.35, 0.5, 0.2, 0.6])
        #expect(big.changed)
        #expect(abs(big.score - 0.39) < 1e-15)
        #expect(abs(big.margin - 0.02449489742783178) < 1e-15)
        // Participants are independent.
        #expect(ladder.submit(participant: "b", losses: [0.9, 0.9, 0.9, 0.9, 0.9]).changed)
        #expect(abs((ladder.leaders["a"]?.score ?? 0) - 0.39) < 1e-15)
    }

    @Test func genuinelyBetterSubmissionIsReleased() {
        // 1000 cases: the baseline's 0–1 loss is wrong on 40% of them, the better method on 30%.
        var rng = CounterRNG(key: 3, stream: 0)
        let u = (0..<1000).map { _ in rng.uniform() }
        let baseline = u.map { $0 < 0.4 ? 1.0 : 0.0 }
        let better = u.map { $0 < 0.3 ? 1.0 : 0.0 }
        var ladder = LadderMechanism()
        _ = ladder.submit(participant: "a", losses: baseline)
        let release = ladder.submit(participant: "a", losses: better)
        #expect(release.changed)
        #expect(abs(release.score - better.reduce(0, +) / 1000) < 1e-15)
    }

    @Test func splitIsDisjointDeterministicAndOrderFree() {
        let ids = (0..<1000).map { "case-\($0)" }
        let split = FeedbackSplit(caseIDs: ids, feedbackFraction: 0.5, seed: 42)
        #expect(split.feedback.count == 500 && split.final.count == 500)
        #expect(Set(split.feedback).isDisjoint(with: split.final))
        #expect(Set(split.feedback).union(split.final) == Set(ids))
        let shuffled = FeedbackSplit(caseIDs: ids.reversed(), feedbackFraction: 0.5, seed: 42)
        #expect(Set(shuffled.feedback) == Set(split.feedback))
        let other = FeedbackSplit(caseIDs: ids, feedbackFraction: 0.5, seed: 43)
        #expect(Set(other.feedback) != Set(split.feedback))
    }

    /// Blum & Hardt's boosting attack (section "Boosting attack"; Ladder.jl `boostingattack`):
    /// labels y ∈ {0,1}ᴺ are hidden; the attacker submits k uniformly random label vectors,
    /// keeps those the leaderboard says are better than chance (plain board: released loss
    /// < ½; Ladder: the release went down) and submits their per-case majority vote. On the
    /// feedback cases the vote is much better than chance; on the final-ranking cases, which
    /// never gave feedback, it is chance (½ ± 1/(2√n)).
    @Test func boostingAttackGainsNothingOnTheFinalRanking() {
        let ids = (0..<4000).map { "c\($0)" }
        let split = FeedbackSplit(caseIDs: ids, feedbackFraction: 0.5, seed: 9)
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let feedback = split.feedback.map { position[$0]! }
        let final = split.final.map { position[$0]! }
        var rng = CounterRNG(key: 21, stream: 0)
        let labels = ids.map { _ in rng.next() & 1 }
        let k = 400
        let submissions = (0..<k).map { _ in ids.map { _ in rng.next() & 1 } }
        func losses(_ s: [UInt64], on cases: [Int]) -> [Double] { cases.map { s[$0] == labels[$0] ? 0 : 1 } }
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
        func vote(_ chosen: [[UInt64]]) -> [UInt64] {
            (0..<ids.count).map { i in 2 * chosen.reduce(0) { $0 + Int($1[i]) } >= chosen.count ? 1 : 0 }
        }

        // Plain leaderboard: every score released exactly.
        var plainChosen: [[UInt64]] = []
        var plainBest = Double.infinity
        // Ladder.
        var ladder = LadderMechanism()
        var ladderChosen: [[UInt64]] = []
        var previous = Double.infinity
        var releases = 0
        for s in submissions {
            let l = losses(s, on: feedback)
            let plain = mean(l)
            plainBest = min(plainBest, plain)
            if plain < 0.5 { plainChosen.append(s) }
            let release = ladder.submit(participant: "attacker", losses: l)
            if release.changed {
                releases += 1
                if release.score < min(previous, 0.5) { ladderChosen.append(s) }
            }
            previous = release.score
        }
        let plainAttack = vote(plainChosen), ladderAttack = vote(ladderChosen)
        let plainFeedback = mean(losses(plainAttack, on: feedback)), plainFinal = mean(losses(plainAttack, on: final))
        let ladderFeedback = mean(losses(ladderAttack, on: feedback)), ladderFinal = mean(losses(ladderAttack, on: final))
        let ladderBest = ladder.leaders["attacker"]!.score
        print("boosting attack, n = 2000 feedback + 2000 final, k = \(k): plain board best \(plainBest), vote of \(plainChosen.count): feedback \(plainFeedback), final \(plainFinal); Ladder best \(ladderBest), \(releases) releases, vote of \(ladderChosen.count): feedback \(ladderFeedback), final \(ladderFinal)")

        // One standard error of a chance-level 0–1 loss on 2000 cases: 0.5/√2000 ≈ 0.0112.
        let se = 0.5 / Double(final.count).squareRoot()
        // The plain board is fooled: the vote gains many standard errors on the feedback cases…
        #expect(plainFeedback < 0.5 - 5 * se)
        // …and nothing on the final-ranking cases.
        #expect(abs(plainFinal - 0.5) < 3 * se)
        #expect(abs(ladderFinal - 0.5) < 3 * se)
        // The Ladder releases few scores and its released best stays near chance, while the
        // plain board's best is the minimum of 400 noisy scores.
        #expect(releases <= 10)
        #expect(ladderBest > plainBest + se)
        #expect(ladderBest > 0.5 - 4 * se)
        // The attack through the Ladder gains far less on the feedback cases.
        #expect(ladderFeedback > plainFeedback + 2 * se)
    }
}
