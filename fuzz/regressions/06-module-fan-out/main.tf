module "m" {
  source = "./m"
  count  = 100000
}
