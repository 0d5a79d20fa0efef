// Debezium's change events for a MySQL `inventory` database: every table's topic carries a `Key`,
// and an `Envelope` around a `Value`, all sharing short names across namespaces. The build plugin
// generates a type for each, named by namespace where the short names collide
// (`Dbserver1_Inventory_Customers_Key`); unique names stay short (`block`, `Source`).
