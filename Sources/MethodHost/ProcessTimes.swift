/// The cost of a plugin process, measured from outside by the harness.
///
/// Nothing here comes from the plugin. CPU time has two sources: `wait4` rusage counts the
/// child and every descendant that was waited for (inside bubblewrap, its init reaps them), but
/// misses processes killed before anyone reaped them; the cgroup's `cpuacct.usage` counts every
/// task that ever ran in the group. `cpuSeconds` takes the larger, so a plugin cannot hide work.
public struct ProcessTimes: Codable, Hashable, Sendable {
    /// User CPU seconds from `wait4` rusage (child and reaped descendants).
    public var userSeconds: Double
    /// System CPU seconds from `wait4` rusage.
    public var systemSeconds: Double
    /// CPU seconds of the whole cgroup (nil without a cpuacct group).
    public var cgroupCPUSeconds: Double?
    /// Largest resident set of any single process of the tree (`ru_maxrss`), bytes.
    public var maxResidentBytes: UInt64
    /// Highest memory charge of the whole cgroup, bytes (nil without a memory group).
    public var peakCgroupMemoryBytes: UInt64?
    /// Wall-clock seconds from spawn to reaping, by the harness's monotonic clock.
    public var wallSeconds: Double

    public init(
        userSeconds: Double, systemSeconds: Double, cgroupCPUSeconds: Double? = nil,
        maxResidentBytes: UInt64, peakCgroupMemoryBytes: UInt64? = nil, wallSeconds: Double
    ) {
        self.userSeconds = userSeconds
        self.systemSeconds = systemSeconds
        self.cgroupCPUSeconds = cgroupCPUSeconds
        self.maxResidentBytes = maxResidentBytes
        self.peakCgroupMemoryBytes = peakCgroupMemoryBytes
        self.wallSeconds = wallSeconds
    }

    /// CPU seconds charged to the run: the larger of rusage and the cgroup's account.
    public var cpuSeconds: Double {
        max(userSeconds + systemSeconds, cgroupCPUSeconds ?? 0)
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
