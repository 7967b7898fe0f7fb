import Testing

@Test func placeholderPublishingTests() { #expect(Bool(true)) }
