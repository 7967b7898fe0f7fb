import Testing

@Test func placeholderPhysicsTests() { #expect(Bool(true)) }
