module "n" {
  source = "./n"
  count  = 100000
}
