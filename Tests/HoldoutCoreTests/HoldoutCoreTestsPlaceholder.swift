import Testing

@Test func placeholderHoldoutCoreTests() { #expect(Bool(true)) }
