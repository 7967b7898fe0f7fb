import Testing

@Test func placeholderLeakageTests() { #expect(Bool(true)) }
