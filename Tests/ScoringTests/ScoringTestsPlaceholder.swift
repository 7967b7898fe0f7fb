import Testing

@Test func placeholderScoringTests() { #expect(Bool(true)) }
