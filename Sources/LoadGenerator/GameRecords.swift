import BenchSupport

/// Game-state records, imitating the per-tick entity updates a multiplayer game server broadcasts
/// in JSON (.io-style games, Colyseus/Socket.IO state patches): entity ids, kinds, positions and
/// velocities as floats that move from tick to tick, rotation, health, and small arrays (inventory,
/// active effects).
///
/// `{"id":1042,"k":"player","p":[123.45,-67.89,1.20],"v":[1.25,0.00,-0.50],"r":1.571,"hp":87,"inv":[3,17,22],"fx":[]},`
struct GameRecords: ContentRecords {
    static let kinds = ["player", "player", "player", "npc", "npc", "projectile", "pickup", "vehicle"]
    static let effects = ["[]", "[]", "[]", "[\"burn\"]", "[\"shield\"]", "[\"slow\",\"poison\"]", "[\"haste\"]"]

    /// One moving entity; positions and velocities in hundredths.
    private struct Entity {
        var id: Int
        var kind: Int
        var position: (Int, Int, Int)
        var velocity: (Int, Int, Int)
        var rotation: Int
        var health: Int
        var inventory: [Int]
    }

    private var random: SplitMix64
    private var entities: [Entity] = []
    private var tick: Int

    init(seed: UInt64) {
        random = SplitMix64(seed: seed ^ 0x6761_6D65)
        tick = Int.random(in: 1_000...90_000, using: &random)
        for i in 0..<96 {
            let inventory = (0..<Int.random(in: 0...5, using: &random)).map { _ in Int.random(in: 1...64, using: &random) }
            entities.append(
                Entity(
                    id: 1000 + i * 7 + Int.random(in: 0..<7, using: &random),
                    kind: Int.random(in: 0..<Self.kinds.count, using: &random),
                    position: (
                        Int.random(in: -50_000...50_000, using: &random), Int.random(in: -50_000...50_000, using: &random),
                        Int.random(in: 0...2_000, using: &random)
                    ),
                    velocity: (Int.random(in: -500...500, using: &random), Int.random(in: -500...500, using: &random), 0),
                    rotation: Int.random(in: 0..<6283, using: &random), health: Int.random(in: 1...100, using: &random),
                    inventory: inventory))
        }
    }

    mutating func append(to text: inout [UInt8]) {
        let i = Int.random(in: 0..<entities.count, using: &random)
        tick += 1
        var e = entities[i]
        if Int.random(in: 0..<4, using: &random) == 0 {
            e.velocity = (
                e.velocity.0 + Int.random(in: -120...120, using: &random),
                e.velocity.1 + Int.random(in: -120...120, using: &random),
                Int.random(in: 0..<10, using: &random) == 0 ? Int.random(in: -300...300, using: &random) : 0
            )
        }
        e.position = (e.position.0 + e.velocity.0 / 4, e.position.1 + e.velocity.1 / 4, max(0, e.position.2 + e.velocity.2 / 4))
        e.rotation = (e.rotation + Int.random(in: -200...200, using: &random) + 6283) % 6283
        if Int.random(in: 0..<6, using: &random) == 0 {
            e.health = max(0, min(100, e.health + Int.random(in: -30...15, using: &random)))
        }
        entities[i] = e
        let p =
            "[\(ContentText.decimal(e.position.0, places: 2)),\(ContentText.decimal(e.position.1, places: 2)),\(ContentText.decimal(e.position.2, places: 2))]"
        let v =
            "[\(ContentText.decimal(e.velocity.0, places: 2)),\(ContentText.decimal(e.velocity.1, places: 2)),\(ContentText.decimal(e.velocity.2, places: 2))]"
        let inventory = "[" + e.inventory.map(String.init).joined(separator: ",") + "]"
        let record =
            #"{"id":\#(e.id),"k":"\#(Self.kinds[e.kind])","tick":\#(tick),"p":\#(p),"v":\#(v),"#
            + #""r":\#(ContentText.decimal(e.rotation, places: 3)),"hp":\#(e.health),"inv":\#(inventory),"#
            + #""fx":\#(Self.effects[Int.random(in: 0..<Self.effects.count, using: &random)])},"#
        text += record.utf8
    }
}
