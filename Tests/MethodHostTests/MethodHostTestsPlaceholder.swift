import Testing

@Test func placeholderMethodHostTests() { #expect(Bool(true)) }
