import HoldoutCore

extension CaseScorer {
    /// Scores a failed case (non-finite output, wrong shape, timeout, crash) on a substitute.
    ///
    /// A failure is never dropped: it is scored as the worse, by the configuration's headline
    /// metric, of (a) the target's spatial mean per lead and component (vrmse = 1 by
    /// construction) and (b) persistence, the last input frame repeated at every lead. The
    /// substitute's spectra enter the spectrum sums like any other case's.
    /// - Parameter lastInput: the last input frame, [space…, component] (any axes whose values
    ///   are N·C numbers in that order); nil scores the spatial mean only.
    public func scoreFailure(caseID: String, target: Field, lastInput: Field?, reason: String) throws -> CaseScore {
        let t = try layout(of: target, allowMember: false, name: "target")
        try checkClimatology(t)
        let frame = t.points * t.components
        var meanPrediction = target.values
        for lead in 0..<t.leads {
            for c in 0..<t.components {
                var sum = 0.0
                for s in 0..<t.points { sum += target.values[lead * frame + s * t.components + c] }
                let avg = sum / Double(t.points)
                for s in 0..<t.points { meanPrediction[lead * frame + s * t.components + c] = avg }
            }
        }
        var worst = compute(caseID: caseID, members: 1, prediction: meanPrediction, target: target.values,
                            leads: t.leads, points: t.points, components: t.components)
        var substitute = CaseFailure.Substitute.spatialMean
        if let lastInput {
            guard lastInput.count == frame else {
                throw ScoringError(.shapeMismatch, "last input has \(lastInput.count) values, expected \(frame)")
            }
            let repeated = Array((0..<t.leads).map { _ in lastInput.values }.joined())
            let persistence = compute(caseID: caseID, members: 1, prediction: repeated, target: target.values,
                                      leads: t.leads, points: t.points, components: t.components)
            let metric = configuration.headlineMetric
            if let a = worst.value(metric), let b = persistence.value(metric), metric.badness(b) > metric.badness(a) {
                worst = persistence
                substitute = .persistence
            }
        }
        worst.failure = CaseFailure(reason: reason, substitute: substitute)
        return worst
    }

    /// Scores `prediction` if it is usable, otherwise the failure substitute.
    /// - Parameter failureReason: set by the harness when the method already failed
    ///   (timeout, crash); then `prediction` is ignored.
    public func scoreOrSubstitute(caseID: String, prediction: Field?, target: Field, lastInput: Field?,
                                  failureReason: String? = nil) throws -> CaseScore {
        if let failureReason {
            return try scoreFailure(caseID: caseID, target: target, lastInput: lastInput, reason: failureReason)
        }
        guard let prediction else {
            return try scoreFailure(caseID: caseID, target: target, lastInput: lastInput, reason: "no prediction")
        }
        if let defect = defect(prediction: prediction, target: target) {
            return try scoreFailure(caseID: caseID, target: target, lastInput: lastInput, reason: defect)
        }
        return try score(caseID: caseID, prediction: prediction, target: target)
    }
}
