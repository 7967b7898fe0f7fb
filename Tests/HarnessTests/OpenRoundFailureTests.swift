import Testing
@testable import Harness

/// While a round is open the board shows a failure by its kind only: a plugin's own words could
/// carry the hidden inputs it was given.
@Suite struct OpenRoundFailureTests {
    @Test func onlyTheKindOfAFailureIsShownWhileTheRoundIsOpen() {
        let leaked = "plugin-error: inputs 0.123456789, 0.987654321, 0.5555"
        #expect(LeaderboardBuilder.withheldWhileOpen(leaked) == "plugin-error (details withheld until the round closes)")
        #expect(LeaderboardBuilder.withheldWhileOpen("training failed: crashed: stderr 0.1234")
                == "training failed (details withheld until the round closes)")
        #expect(!LeaderboardBuilder.withheldWhileOpen(leaked).contains("0.123"))
    }
}
